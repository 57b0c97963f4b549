import COpenSSL

/// A TLS protocol version tlspeek speaks.
public enum TLSVersion: Int, Sendable, Comparable, CaseIterable {
    case tls12
    case tls13

    /// OpenSSL's protocol constant, for `SSL_CTX_set_{min,max}_proto_version`.
    var openSSLValue: Int32 {
        switch self {
        case .tls12: return TLS1_2_VERSION
        case .tls13: return TLS1_3_VERSION
        }
    }

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}
