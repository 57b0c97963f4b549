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
public struct TLSConfiguration: Sendable {
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
