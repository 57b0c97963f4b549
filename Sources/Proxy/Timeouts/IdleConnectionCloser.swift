import NIOCore

/// First in a client pipeline, so it sees raw bytes whatever runs behind it: closes the connection
/// when nothing moved either way for the idle timeout, after telling the handlers behind it why
/// (a tunnel's record then names the timeout).
///
/// Like NIO's `IdleStateHandler` with an all-timeout, without its promise and callback per write:
/// a write counts when it is issued, and again whenever the channel becomes writable (the client
/// took what was queued), so a client that drains a back-pressured response slowly stays active.
/// One check stays scheduled; when it finds that traffic moved the deadline on, it waits for the rest.
final class IdleConnectionCloser: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private let timeout: TimeAmount
    private var lastTraffic = NIODeadline.distantPast
    /// Inside a read burst, which counts as traffic until it completes.
    private var reading = false
    private var check: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reading = true
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if reading {
            reading = false
            lastTraffic = context.eventLoop.now
        }
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { lastTraffic = context.eventLoop.now }
        context.fireChannelWritabilityChanged()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        lastTraffic = context.eventLoop.now
        context.write(data, promise: promise)
    }

    private func start(context: ChannelHandlerContext) {
        guard check == nil else { return }
        lastTraffic = context.eventLoop.now
        schedule(at: lastTraffic + timeout, context: context)
    }

    private func schedule(at deadline: NIODeadline, context: ChannelHandlerContext) {
        check = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.checkTraffic(context: context)
        }
    }

    private func checkTraffic(context: ChannelHandlerContext) {
        check = nil
        guard context.channel.isActive else { return }
        let now = context.eventLoop.now
        if reading {
            schedule(at: now + timeout, context: context)
        } else if lastTraffic + timeout > now {
            schedule(at: lastTraffic + timeout, context: context)
        } else {
            context.fireErrorCaught(ProxyTimeout.idle(timeout))
            context.close(promise: nil)
        }
    }
}
