import TLS

/// Why the upstream TLS leg of an intercepted connection could not be used; its description is
/// what the client's `502` body and the records say.
enum UpstreamTLSFailure: Error, CustomStringConvertible {
    /// The server's certificate did not verify (and `--insecure` is off).
    case certificateRejected(reason: String)
    /// The TLS handshake itself failed (alert, not TLS, closed).
    case handshakeFailed(TLSError)

    var description: String {
        switch self {
        case .certificateRejected(let reason):
            return "upstream certificate verification failed: \(reason) (trust its CA with --upstream-ca, or use --insecure)"
        case .handshakeFailed(let error):
            return "upstream TLS handshake failed: \(error)"
        }
    }
}
