import NIOCore
import NIOHTTP1

/// The relay's end on an upstream channel: passes responses to the relay, writes its requests,
/// and reads only while the client can take more (back-pressure). Its `ResponseFramingGuard`
/// refuses responses with broken framing, and its `ResponseTimer` gives up on an origin that does
/// not answer: either closes the connection with that error, which the relay turns into the
/// client's `502` or `504`.
final class UpstreamResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// Receives the upstream's events; nil once the relay has let go of this connection.
    weak var relay: HTTPRelayHandler?
    private let origin: ConnectTarget
    private let responseTimeout: TimeAmount
    private var framing: ResponseFramingGuard
    private var responseTimer: ResponseTimer?
    /// Where the connection waits while idle in a pool (no relay then), to be evicted from there.
    private var parking: (pool: UpstreamPool, key: UpstreamPoolKey)?
    private var context: ChannelHandlerContext?
    private var readPending = false
    private var lastError: (any Error)?

    init(relay: HTTPRelayHandler, origin: ConnectTarget, responseTimeout: TimeAmount, events: any ProxyEventSink,
         connectionID: Int) {
        self.relay = relay
        self.origin = origin
        self.responseTimeout = responseTimeout
        framing = ResponseFramingGuard(origin: origin, events: events, connectionID: connectionID)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        responseTimer = ResponseTimer(timeout: responseTimeout, eventLoop: context.eventLoop) { [weak self] in
            guard let self, let context = self.context else { return }
            self.fail(ProxyTimeout.responseHead(self.responseTimeout, origin: self.origin), context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // A switched protocol may stay silent as long as it likes (the idle timeout still applies).
        responseTimer?.stop()
        self.context = nil
    }

    /// Sends a request part upstream (flushed by `flush()`).
    func write(_ part: HTTPClientRequestPart) {
        guard let context else { return }
        responseTimer?.requestWritten()
        context.write(Self.wrapOutboundOut(part), promise: nil)
    }

    func flush() {
        context?.flush()
    }

    func close() {
        context?.close(promise: nil)
    }

    /// Serves `relay` (another client connection's, after the pool) from now on.
    func attach(to relay: HTTPRelayHandler, connectionID: Int) {
        self.relay = relay
        framing.connectionID = connectionID
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
        responseTimer?.responseArrived()
        guard !framing.hasRefused else { return }
        guard let relay else {
            // Bytes nobody asked for: a pooled connection cannot serve a request any more.
            if let parking { parking.pool.evict(self, key: parking.key) }
            return
        }
        let part = Self.unwrapInboundIn(data)
        if case .head(let head) = part, let violation = framing.refusal(of: head) {
            return fail(violation, context: context)
        }
        relay.upstreamReceived(part, from: self)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        responseTimer?.readCompleted()
        relay?.upstreamReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { relay?.upstreamBecameWritable() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        responseTimer?.stop()
        relay?.upstreamClosed(self, error: lastError)
        if let parking { parking.pool.evict(self, key: parking.key) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let decoderError = error as? HTTPParserError else { return fail(error, context: context) }
        if let violation = framing.refusal(decoderError: decoderError) { fail(violation, context: context) }
    }

    func read(context: ChannelHandlerContext) {
        if relay?.clientIsWritable ?? true {
            context.read()
        } else {
            readPending = true
        }
    }

    /// Closes the connection; the relay learns `error` when it is closed.
    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        lastError = lastError ?? error
        context.close(promise: nil)
    }
}
