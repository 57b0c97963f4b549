import NIOCore
import NIOHTTP1

/// Routes each decoded request: forwards rewritten requests to the relay, answers (and records)
/// rejected ones itself, and hands CONNECT requests to `onConnect` once their head is complete.
final class FrontHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = RoutedRequestPart
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
    }

    private let router: RequestRouter
    /// Called when a CONNECT request is complete; switches the pipeline away from HTTP. Nil inside
    /// tunnels, where the router rejects CONNECT.
    private let onConnect: ((ChannelHandlerContext, ConnectTarget) -> Void)?
    private let events: any ProxyEventSink
    private let connectionID: Int
    private var state = State.idle

    init(router: RequestRouter, events: any ProxyEventSink, connectionID: Int,
         onConnect: ((ChannelHandlerContext, ConnectTarget) -> Void)?) {
        self.router = router
        self.events = events
        self.connectionID = connectionID
        self.onConnect = onConnect
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = Self.unwrapInboundIn(data)
        switch (state, part) {
        case (.idle, .head(let head)):
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
        case (.connecting(let target), .end):
            state = .handedOver
            onConnect?(context, target)
        case (.handedOver, _):
            break
        case (.idle, .body), (.idle, .end), (.forwarding, .head), (.rejecting, .head), (.connecting, .head):
            // The decoder never produces these orders; treat it as a broken connection.
            context.fireErrorCaught(HTTPParserError.invalidInternalState)
        }
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
