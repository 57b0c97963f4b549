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
        case .handshakeFailed(let error) where Self.answeredWithoutTLS(error):
            return "upstream TLS handshake failed: the server does not speak TLS on this port (its answer is not a TLS record; is it plain HTTP?): \(error)"
        case .handshakeFailed(let error):
            return "upstream TLS handshake failed: \(error)"
        case .handshakeTimedOut(let amount):
            return "upstream TLS handshake timed out after \(amount.nanoseconds / 1_000_000_000) s"
        }
    }

    /// OpenSSL's reasons when the first bytes back are not a TLS record (plain HTTP, garbage).
    private static func answeredWithoutTLS(_ error: TLSError) -> Bool {
        guard case .protocolFailure(let reasons) = error else { return false }
        return reasons.contains { $0.contains("wrong version number") || $0.contains("packet length too long")
            || $0.contains("http request") }
    }
}
