import NIOCore

/// Watches an upstream channel of the HTTP relay below its HTTP codec: when the origin sends no
/// byte within the timeout of the last request byte written to it, the relay is handed a
/// `504 Gateway Timeout` as if the origin had sent it (with `Connection: close`), the error is
/// recorded, and the connection is closed.
///
/// Why bytes and not HTTP parts: the relay and its codec belong to `HTTPRelayHandler`, which knows
/// nothing about timeouts; a response fed to its decoder reaches the client and the exchange's
/// record through the same path as any other.
final class ResponseTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let origin: ConnectTarget
    private let events: any ProxyEventSink
    private let connectionID: Int
    /// Runs while tlspeek waits for the origin's answer.
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, origin: ConnectTarget, events: any ProxyEventSink, connectionID: Int) {
        self.timeout = timeout
        self.origin = origin
        self.events = events
        self.connectionID = connectionID
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
            self.timedOut(context: context)
        }
        context.write(data, promise: promise)
    }

    private func timedOut(context: ChannelHandlerContext) {
        timer = nil
        let message = "tlspeek: \(ProxyTimeout.responseHead(timeout, origin: origin))"
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "upstream", target: origin,
                                              message: message))
        let body = message + "\n"
        let response = "HTTP/1.1 504 Gateway Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
            + "content-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n" + body
        context.fireChannelRead(Self.wrapInboundOut(context.channel.allocator.buffer(string: response)))
        context.fireChannelReadComplete()
        context.close(promise: nil)
    }
}
