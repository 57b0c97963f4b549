import NIOCore
import NIOHTTP1

/// Refuses requests whose framing is ambiguous or broken (RFC 9112) before any part of them
/// reaches the router or an origin, so that the proxy and the origin can never disagree on where
/// a request ends (request smuggling). Also answers what NIO's decoder refused, naming the rule.
///
/// It sits behind `HTTPServerPipelineHandler`, which hands it one request at a time (and holds
/// decoder errors back until the previous response is out), so its `400`/`414`/`431`/`501`
/// never interleaves with a response still streaming. A refused request closes the connection:
/// whatever follows it cannot be framed reliably. It watches the responses going out, so that a
/// body the decoder refuses midway still gets a `400` as long as no response to it has begun.
package final class RequestFramingValidator: ChannelDuplexHandler, RemovableChannelHandler {
    package typealias InboundIn = HTTPServerRequestPart
    package typealias InboundOut = HTTPServerRequestPart
    package typealias OutboundIn = HTTPServerResponsePart
    package typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Between requests: the next part is a head.
        case idle
        /// Passing on the parts of an accepted request.
        case passing
        /// A request was refused; nothing more is read from this connection.
        case refused
    }

    private let events: any ProxyEventSink
    private let connectionID: Int
    private var state = State.idle
    /// A response head went out and its end did not yet.
    private var responding = false

    package init(events: any ProxyEventSink, connectionID: Int) {
        self.events = events
        self.connectionID = connectionID
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = Self.unwrapInboundIn(data)
        switch (state, part) {
        case (.idle, .head(var head)):
            var violation = FramingRules.violation(in: head)
            if violation == nil {
                // An absolute-form target's authority becomes the Host, so it must pass the same rules.
                AbsoluteFormHost.apply(to: &head)
                violation = FramingRules.violation(in: head)
            }
            if let violation {
                refuse(violation, context: context)
                return
            }
            state = .passing
            context.fireChannelRead(Self.wrapInboundOut(.head(head)))
        case (.passing, .end):
            state = .idle
            context.fireChannelRead(data)
        case (.refused, _):
            break
        case (.passing, .body), (.idle, .body), (.idle, .end), (.passing, .head):
            // An accepted request's body passes; so do out-of-order parts, which the front refuses.
            context.fireChannelRead(data)
        }
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let decoderError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let violation = FramingViolation.rejectedByDecoder(decoderError)
        switch state {
        case .idle:
            refuse(violation, context: context)
        case .passing where !responding:
            refuse(violation, context: context)
        case .passing:
            // A response is streaming: too late for a 400, the relay drops both connections.
            state = .refused
            record(violation)
            context.fireErrorCaught(violation)
        case .refused:
            break
        }
    }

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .refused = state {
            // The refusal is the last response on this connection; the relay may still be finishing.
            promise?.fail(ChannelError.outputClosed)
            return
        }
        switch Self.unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200: responding = true
        case .end: responding = false
        case .head, .body: break
        }
        context.write(data, promise: promise)
    }

    private func refuse(_ violation: FramingViolation, context: ChannelHandlerContext) {
        state = .refused
        record(violation)
        PlainTextResponse(status: violation.requestStatus, message: "tlspeek: malformed HTTP request: \(violation)",
                          keepAlive: false).write(to: context)
    }

    private func record(_ violation: FramingViolation) {
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "client-http", target: nil,
                                              message: violation.description))
    }
}
