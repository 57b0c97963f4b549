import NIOCore
import NIOHTTP1

/// Refuses requests whose framing is ambiguous or broken (RFC 9112) before any part of them
/// reaches the router or an origin, so that the proxy and the origin can never disagree on where
/// a request ends (request smuggling). Also answers what NIO's decoder refused, naming the rule.
///
/// A part of `FrontHandler`, behind `HTTPServerPipelineHandler`, which hands it one request at a
/// time (and holds decoder errors back until the previous response is out), so its `400`/`414`/
/// `431`/`501` never interleaves with a response still streaming. A refused request closes the
/// connection: whatever follows it cannot be framed reliably. It watches the responses going out,
/// so that a body the decoder refuses midway still gets a `400` as long as no response to it has begun.
struct RequestFramingGuard {
    private let events: any ProxyEventSink
    private let connectionID: Int
    /// A response head went out and its end did not yet.
    private var responding = false

    init(events: any ProxyEventSink, connectionID: Int) {
        self.events = events
        self.connectionID = connectionID
    }

    /// Answers the request with the status for `violation`, records it, and closes the connection.
    func refuse(_ violation: FramingViolation, context: ChannelHandlerContext) {
        record(violation)
        PlainTextResponse(status: violation.requestStatus, message: "tlspeek: malformed HTTP request: \(violation)",
                          keepAlive: false).write(to: context)
    }

    /// NIO's decoder refused the client's bytes; `requestInProgress`: parts of the request they
    /// belong to were passed on.
    func decoderFailed(_ error: HTTPParserError, requestInProgress: Bool, context: ChannelHandlerContext) {
        let violation = FramingViolation.rejectedByDecoder(error)
        guard requestInProgress, responding else { return refuse(violation, context: context) }
        // A response is streaming: too late for a 400, the relay drops both connections.
        record(violation)
        context.fireErrorCaught(violation)
    }

    /// Notes a response part on its way to the client.
    mutating func responseWritten(_ part: HTTPServerResponsePart) {
        switch part {
        case .head(let head) where head.status.code >= 200: responding = true
        case .end: responding = false
        case .head, .body: break
        }
    }

    private func record(_ violation: FramingViolation) {
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "client-http", target: nil,
                                              message: violation.description))
    }
}
