import NIOCore
import NIOHTTP1

/// The relay's end on an upstream channel: passes responses to the relay, writes its requests,
/// and reads only while the client can take more (back-pressure).
final class UpstreamResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// Receives the upstream's events; nil once the relay has let go of this connection.
    weak var relay: HTTPRelayHandler?
    /// Where the connection waits while idle in a pool (no relay then), to be evicted from there.
    private var parking: (pool: UpstreamPool, key: UpstreamPoolKey)?
    private var context: ChannelHandlerContext?
    private var readPending = false
    private var lastError: (any Error)?

    init(relay: HTTPRelayHandler) {
        self.relay = relay
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Sends a request part upstream (flushed by `flush()`).
    func write(_ part: HTTPClientRequestPart) {
        context?.write(Self.wrapOutboundOut(part), promise: nil)
    }

    func flush() {
        context?.flush()
    }

    func close() {
        context?.close(promise: nil)
    }

    /// The connection goes idle into `pool`: reading on, so that a close or stray bytes evict it.
    func park(in pool: UpstreamPool, as key: UpstreamPoolKey) {
        relay = nil
        parking = (pool, key)
        resumeReading()
    }

    /// The connection leaves the pool (taken, or closed by it).
    func unpark() {
        parking = nil
    }

    /// Re-issues a read that was held back while the client was not writable.
    func resumeReading() {
        guard readPending, let context else { return }
        readPending = false
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let relay {
            relay.upstreamReceived(Self.unwrapInboundIn(data), from: self)
        } else if let parking {
            parking.pool.evict(self, key: parking.key)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        relay?.upstreamReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { relay?.upstreamBecameWritable() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        relay?.upstreamClosed(self, error: lastError)
        if let parking { parking.pool.evict(self, key: parking.key) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        lastError = lastError ?? error
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if relay?.clientIsWritable ?? true {
            context.read()
        } else {
            readPending = true
        }
    }
}
