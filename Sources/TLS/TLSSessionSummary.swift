/// What a completed handshake negotiated.
public struct TLSSessionSummary: Sendable {
    /// e.g. "TLSv1.3".
    public let version: String
    /// The IANA cipher suite name, e.g. "TLS_AES_256_GCM_SHA384".
    public let cipher: String
    /// The key exchange group, e.g. "x25519"; nil when none was used.
    public let group: String?
    /// The negotiated ALPN protocol, if any.
    public let alpn: String?
    public let sessionReused: Bool
    /// The SNI: received (server mode) or sent (client mode).
    public let serverName: String?
    /// The peer's certificates as OpenSSL reports them (client mode: leaf first; server mode: usually empty).
    public let peerCertificates: [Certificate]
    /// Client mode only: the verification of the server's certificate.
    public let verification: VerificationResult?
}
