import NIOCore

/// Watches an upstream channel of the HTTP relay below its HTTP codec: when the origin sends no
/// byte within the timeout of the last request byte written to it, it signals
/// `ProxyTimeout.responseHead` as an error. The relay's end of the upstream then closes the
/// connection, and the relay answers the client `504` and records the exchange with the error.
final class ResponseTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let origin: ConnectTarget
    /// Runs while tlspeek waits for the origin's answer.
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, origin: ConnectTarget) {
        self.timeout = timeout
        self.origin = origin
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        timer?.cancel()
        timer = nil
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Restarted by every write, so an upload's length does not count against the origin.
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.timer = nil
            context.fireErrorCaught(ProxyTimeout.responseHead(self.timeout, origin: self.origin))
        }
        context.write(data, promise: promise)
    }
}
