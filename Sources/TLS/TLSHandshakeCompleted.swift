/// Fired down the pipeline as a user inbound event when the handshake completes.
public struct TLSHandshakeCompleted: Sendable {
    public let summary: TLSSessionSummary

    /// Wraps the summary of the completed handshake.
    public init(summary: TLSSessionSummary) { self.summary = summary }
}
