/// What a `TLSHandler` reports to its `onEvent` closure, always on the channel's event loop.
public enum TLSEvent: Sendable {
    /// A handshake, change_cipher_spec or alert message, in wire order.
    case message(TLSMessage)
    /// One NSS key log line, without the newline.
    case keyLog(String)
    /// The handshake completed.
    case handshakeCompleted(TLSSessionSummary)
    /// The handshake failed.
    case handshakeFailed(TLSError)
    /// The connection failed after the handshake (alert, truncation).
    case connectionFailed(TLSError)
}
