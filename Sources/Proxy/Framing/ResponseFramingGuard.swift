import NIOHTTP1

/// Refuses upstream responses whose framing is ambiguous or broken (RFC 9112 §6.3), and names
/// the rule for what NIO's decoder refused itself. A part of `UpstreamResponseHandler`, which then
/// closes that connection with the violation as its error, and the client gets a `502` that says why.
struct ResponseFramingGuard {
    private let origin: ConnectTarget
    private let events: any ProxyEventSink
    /// The client connection its error records name: re-pointed when a pooled connection changes hands.
    var connectionID: Int
    /// Set once a response was refused: nothing after it is relayed.
    private(set) var hasRefused = false

    init(origin: ConnectTarget, events: any ProxyEventSink, connectionID: Int) {
        self.origin = origin
        self.events = events
        self.connectionID = connectionID
    }

    /// The rule `head` breaks, recorded; nil when the response may be relayed.
    mutating func refusal(of head: HTTPResponseHead) -> FramingViolation? {
        guard let violation = FramingRules.violation(in: head) else { return nil }
        refuse(violation)
        return violation
    }

    /// The rule behind what the decoder refused, recorded; nil after a refusal (nothing more counts).
    mutating func refusal(decoderError: HTTPParserError) -> FramingViolation? {
        guard !hasRefused else { return nil }
        let violation = FramingViolation.rejectedByDecoder(decoderError)
        refuse(violation)
        return violation
    }

    private mutating func refuse(_ violation: FramingViolation) {
        hasRefused = true
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "upstream-http", target: origin,
                                              message: violation.description))
    }
}
