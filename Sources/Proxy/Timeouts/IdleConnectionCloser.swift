import NIOCore

/// Sits right behind NIO's `IdleStateHandler` at the front of a client pipeline: closes the
/// connection when nothing moved either way for the idle timeout, after telling the handlers
/// behind it why (a tunnel's record then names the timeout).
final class IdleConnectionCloser: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    private let timeout: TimeAmount

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    /// The pair to put first in a client pipeline; it sees raw bytes whatever runs behind it.
    static func handlers(timeout: TimeAmount) -> [any ChannelHandler] {
        [IdleStateHandler(allTimeout: timeout), IdleConnectionCloser(timeout: timeout)]
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent, idle == .all else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        context.fireErrorCaught(ProxyTimeout.idle(timeout))
        context.close(promise: nil)
    }
}
