import NIOCore
import NIOHTTP1

/// Routes each decoded request: forwards rewritten requests to the relay, answers (and records)
/// rejected ones itself, and hands CONNECT requests to `onConnect` once their head is complete.
/// Before routing, its `RequestFramingGuard` refuses requests with broken framing; its
/// `RequestHeadTimer` answers clients that take too long to send a head. It sits behind
/// `HTTPServerPipelineHandler`, which hands it one request at a time.
final class FrontHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = RoutedRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Between requests.
        case idle
        /// Passing the body of a forwarded request on to the relay.
        case forwarding
        /// Dropping the request body, then answering `head` with the refusal.
        case rejecting(HTTPRequestHead, RequestRouter.Refusal)
        /// A CONNECT head was accepted; waiting for its end before switching protocols.
        case connecting(ConnectTarget)
        /// Handed over to `onConnect`; nothing more arrives here.
        case handedOver
        /// A request was refused for its framing: nothing more is read from this connection, and
        /// nothing is written after the refusal.
        case refused
    }

    private let router: RequestRouter
    /// Called when a CONNECT request is complete; switches the pipeline away from HTTP. Nil inside
    /// tunnels, where the router rejects CONNECT.
    private let onConnect: ((ChannelHandlerContext, ConnectTarget) -> Void)?
    private let events: any ProxyEventSink
    private let connectionID: Int
    private var framing: RequestFramingGuard
    private let headTimer: RequestHeadTimer
    private var state = State.idle

    init(router: RequestRouter, headTimeout: TimeAmount, events: any ProxyEventSink, connectionID: Int,
         onConnect: ((ChannelHandlerContext, ConnectTarget) -> Void)?) {
        self.router = router
        self.events = events
        self.connectionID = connectionID
        self.onConnect = onConnect
        framing = RequestFramingGuard(events: events, connectionID: connectionID)
        headTimer = RequestHeadTimer(timeout: headTimeout, events: events, connectionID: connectionID)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipelining = try? context.pipeline.syncOperations.context(handlerType: HTTPServerPipelineHandler.self)
        headTimer.start(answeringFrom: pipelining ?? context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        headTimer.stop()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = Self.unwrapInboundIn(data)
        headTimer.decoded(part)
        switch (state, part) {
        case (.idle, .head(var head)):
            if let violation = FramingRules.violation(admitting: &head) {
                state = .refused
                framing.refuse(violation, context: context)
                headTimer.responseEnded()
                return
            }
            switch router.route(head) {
            case .forward(let request):
                state = .forwarding
                context.fireChannelRead(Self.wrapInboundOut(.head(request)))
            case .connect(let target) where onConnect != nil:
                state = .connecting(target)
            case .connect:
                state = .rejecting(head, RequestRouter.Refusal(status: .methodNotAllowed,
                                                               message: "tlspeek: CONNECT is not supported here"))
            case .reject(let refusal):
                state = .rejecting(head, refusal)
            }
        case (.forwarding, .body(let body)):
            context.fireChannelRead(Self.wrapInboundOut(.body(body)))
        case (.forwarding, .end(let trailers)):
            state = .idle
            context.fireChannelRead(Self.wrapInboundOut(.end(trailers)))
        case (.rejecting, .body), (.connecting, .body):
            break  // a body on a rejected request or on CONNECT is dropped
        case (.rejecting(let head, let refusal), .end):
            state = .idle
            record(refusal, of: head)
            PlainTextResponse(status: refusal.status, message: refusal.message, keepAlive: head.isKeepAlive,
                              omitsBody: head.method == .HEAD).write(to: context)
            headTimer.responseEnded()
        case (.connecting(let target), .end):
            state = .handedOver
            onConnect?(context, target)
        case (.handedOver, _), (.refused, _):
            break
        case (.idle, .body), (.idle, .end), (.forwarding, .head), (.rejecting, .head), (.connecting, .head):
            // The decoder never produces these orders; treat it as a broken connection.
            context.fireErrorCaught(HTTPParserError.invalidInternalState)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        headTimer.readCompleted()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if headTimer.absorbs(error) { return }
        guard let decoderError = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        let requestInProgress: Bool
        switch state {
        case .refused: return
        case .forwarding, .rejecting, .connecting: requestInProgress = true
        case .idle, .handedOver: requestInProgress = false
        }
        state = .refused
        framing.decoderFailed(decoderError, requestInProgress: requestInProgress, context: context)
        headTimer.responseEnded()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .refused = state {
            // The refusal is the last response on this connection; the relay may still be finishing.
            promise?.fail(ChannelError.outputClosed)
            return
        }
        let part = Self.unwrapOutboundIn(data)
        framing.responseWritten(part)
        if case .end = part { headTimer.responseEnded() }
        context.write(data, promise: promise)
    }

    /// A refused request is a flow like any other (an `http` record with tlspeek's status and the
    /// reason), and a failure (an `error` record of the front, naming the host when there is one).
    private func record(_ refusal: RequestRouter.Refusal, of head: HTTPRequestHead) {
        events.httpExchangeCompleted(HTTPExchangeRecord(
            connectionID: connectionID, method: head.method.rawValue, url: head.uri, status: Int(refusal.status.code),
            requestBodyBytes: 0, responseBodyBytes: 0, error: refusal.message))
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "client", target: refusal.target,
                                              message: refusal.message))
    }
}
