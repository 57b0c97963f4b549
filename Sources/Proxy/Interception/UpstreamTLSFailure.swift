import NIOCore
import TLS

/// Why the upstream TLS leg of an intercepted connection could not be used; its description is
/// what the client's `502` body and the records say.
enum UpstreamTLSFailure: Error, CustomStringConvertible {
    /// The server's certificate did not verify (and `--insecure` is off).
    case certificateRejected(reason: String)
    /// The TLS handshake itself failed (alert, not TLS, closed).
    case handshakeFailed(TLSError)
    /// The server accepted TCP but did not complete the handshake in time.
    case handshakeTimedOut(TimeAmount)

    var description: String {
        switch self {
        case .certificateRejected(let reason):
            return "upstream certificate verification failed: \(reason) (trust its CA with --upstream-ca, or use --insecure)"
        case .handshakeFailed(let error):
            return "upstream TLS handshake failed: \(error)"
        case .handshakeTimedOut(let amount):
            return "upstream TLS handshake timed out after \(amount.nanoseconds / 1_000_000_000) s"
        }
    }
}
