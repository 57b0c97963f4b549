/// How a client-mode context treats the server's certificate.
public enum CertificateVerification: Sendable, Equatable {
    /// Verify against the system trust store plus the PEM anchors in `extraAnchorFiles`.
    case verify(extraAnchorFiles: [String])
    /// Do not verify (`--insecure`); the result is reported as `.skipped`.
    case skip
}

/// Chooses one ALPN protocol from the client's offer list, or nil to negotiate none.
public typealias ALPNSelector = @Sendable ([String]) -> String?

/// Everything a `TLSContext` is built from.
///
/// The defaults are tlspeek's security policy for both legs (NDSS 2017 grade A): TLS 1.2 and 1.3
/// only; on TLS 1.2 only AEAD suites with forward secrecy (`defaultTLS12CipherSuites`; TLS 1.3
/// suites are all AEAD with (EC)DHE and stay OpenSSL's); OpenSSL security level 2; and, set by
/// `TLSContext` whatever the fields say, no compression and no renegotiation.
public struct TLSConfiguration: Sendable {
    /// ECDHE/DHE key exchange with AES-GCM or ChaCha20-Poly1305: no CBC, RC4, 3DES, EXPORT, NULL,
    /// static RSA or anonymous suites.
    public static let defaultTLS12CipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// OpenSSL security level 2: keys of at least 112 bits (RSA/DH ≥ 2048, EC ≥ 224) and no SHA-1
    /// signatures, for the peer's certificate chain as for the handshake. Debian builds OpenSSL with
    /// this default; set explicitly because upstream OpenSSL's default (1) accepts RSA-1024.
    public static let defaultSecurityLevel: Int32 = 2

    /// The side of the handshake a context serves, with that side's options.
    public enum Role: Sendable {
        /// tlspeek terminates a client's TLS; the certificate is chosen per connection.
        case server(alpnSelector: ALPNSelector?)
        /// tlspeek connects upstream.
        case client(verification: CertificateVerification, alpnOffers: [String])
    }

    /// Server or client, with that side's options.
    public var role: Role
    /// The lowest protocol version negotiated.
    public var minimumVersion: TLSVersion
    /// The highest protocol version negotiated.
    public var maximumVersion: TLSVersion
    /// The TLS 1.2 cipher suites offered or accepted, an OpenSSL cipher list; widen it only to
    /// debug a legacy peer.
    public var tls12CipherSuites = TLSConfiguration.defaultTLS12CipherSuites
    /// OpenSSL's security level (`SSL_CTX_set_security_level`, 0–5).
    public var securityLevel = TLSConfiguration.defaultSecurityLevel
    /// Whether connections report their secrets as key log lines (`TLSEvent.keyLog`). Turn it off when
    /// nothing writes a key log: OpenSSL formats every line byte by byte (measured: ~7 % of the CPU of
    /// an intercepted connection's two handshakes).
    public var reportsKeyLog = true

    /// A configuration for `role` speaking `minimumVersion` through `maximumVersion`.
    public init(role: Role, minimumVersion: TLSVersion = .tls12, maximumVersion: TLSVersion = .tls13) {
        self.role = role
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
    }

    /// A server configuration.
    public static func server(alpnSelector: ALPNSelector? = nil, minimumVersion: TLSVersion = .tls12,
                              maximumVersion: TLSVersion = .tls13) -> TLSConfiguration {
        TLSConfiguration(role: .server(alpnSelector: alpnSelector), minimumVersion: minimumVersion,
                         maximumVersion: maximumVersion)
    }

    /// A client configuration.
    public static func client(verification: CertificateVerification = .verify(extraAnchorFiles: []),
                              alpnOffers: [String] = [], minimumVersion: TLSVersion = .tls12,
                              maximumVersion: TLSVersion = .tls13) -> TLSConfiguration {
        TLSConfiguration(role: .client(verification: verification, alpnOffers: alpnOffers),
                         minimumVersion: minimumVersion, maximumVersion: maximumVersion)
    }
}
