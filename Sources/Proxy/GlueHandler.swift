import NIOCore

/// Joins two channels into one byte stream: what one reads the other writes. It reads only while
/// the partner can write (back-pressure) and passes half-closure through (EOF becomes a shutdown of
/// the partner's output). The partner may be attached later: bytes wait until it arrives.
final class GlueHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: GlueHandler?
    private var context: ChannelHandlerContext?
    private var readPending = false
    /// Writes and closes the partner asked for before this handler joined its channel.
    private var waitingWrites: [ByteBuffer] = []
    private var waitingClose: CloseMode?

    /// Bytes this side read from its channel (and handed to the partner).
    private(set) var bytesRead = 0
    /// The first error on this side's channel.
    private(set) var error: (any Error)?

    private init() {}

    /// Two handlers glued to each other, one for each channel.
    static func matchedPair() -> (GlueHandler, GlueHandler) {
        let first = GlueHandler()
        let second = GlueHandler()
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        for bytes in waitingWrites { context.write(Self.wrapOutboundOut(bytes), promise: nil) }
        waitingWrites = []
        context.flush()
        if let mode = waitingClose { drainThenClose(mode) }
        partner?.partnerBecameWritable()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil  // breaks the reference cycle
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Self.unwrapInboundIn(data)
        bytesRead += bytes.readableBytes
        partner?.partnerWrite(bytes)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.partnerFlush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.partnerClose(.all)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            partner?.partnerClose(.output)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.error = self.error ?? error
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.partnerBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if partner?.context?.channel.isWritable ?? false {
            context.read()
        } else {
            readPending = true
        }
    }

    /// Relays bytes read from this side's channel before this handler joined it, as if read now.
    func relay(readEarlier bytes: ByteBuffer) {
        bytesRead += bytes.readableBytes
        partner?.partnerWrite(bytes)
        partner?.partnerFlush()
    }

    // MARK: called by the partner

    private func partnerWrite(_ bytes: ByteBuffer) {
        if let context {
            context.write(Self.wrapOutboundOut(bytes), promise: nil)
        } else {
            waitingWrites.append(bytes)
        }
    }

    private func partnerFlush() {
        context?.flush()
    }

    private func partnerClose(_ mode: CloseMode) {
        if context != nil {
            drainThenClose(mode)
        } else if waitingClose != .all {
            waitingClose = mode
        }
    }

    private func partnerBecameWritable() {
        guard readPending, let context else { return }
        readPending = false
        context.read()
    }

    /// Closes after everything already written has reached the socket: a full close (or a half
    /// close escalated to one) would otherwise drop bytes still queued for a slow reader.
    private func drainThenClose(_ mode: CloseMode) {
        guard let context else { return }
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
            channel.close(mode: mode, promise: nil)
        }
    }
}
