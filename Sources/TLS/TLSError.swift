/// Why a TLS connection failed.
public enum TLSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A fatal alert ended the connection; `reasons` are OpenSSL's error strings, oldest first.
    case alert(TLSAlert, direction: TLSDirection, reasons: [String])
    /// OpenSSL failed without an alert on the wire (e.g. the bytes were not TLS).
    case protocolFailure(reasons: [String])
    /// The server identity future failed; the handshake was aborted with `internal_error`.
    case serverIdentityUnavailable(reason: String)
    /// The TCP connection ended before the handshake completed.
    case eofDuringHandshake
    /// The TCP connection ended without a close_notify: the data may be truncated.
    case uncleanShutdown

    public var description: String {
        switch self {
        case .alert(let alert, let direction, let reasons):
            let detail = reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"
            return "TLS alert \(alert.name) \(direction)\(detail)"
        case .protocolFailure(let reasons):
            return "TLS failure: \(reasons.isEmpty ? "unknown error" : reasons.joined(separator: "; "))"
        case .serverIdentityUnavailable(let reason):
            return "no server certificate: \(reason)"
        case .eofDuringHandshake:
            return "connection closed during the TLS handshake"
        case .uncleanShutdown:
            return "connection closed without close_notify (truncated)"
        }
    }
}
