import NIOCore

/// Buffers the first bytes after a CONNECT (or the first decrypted ones) until `ProtocolSniffer`
/// can classify them, then hands the protocol and every byte read so far to `onSniffed` and leaves.
///
/// The hand-over waits one event-loop tick: the first bytes may come from the HTTP decoder while it
/// leaves the pipeline, and whatever `onSniffed` fires into the pipeline must not pass through it.
/// `onSniffed` appends its handlers behind this one, which passes everything on until it has left:
/// bytes fired from the head (an interceptor's ClientHello) and a half-closure seen while sniffing.
final class SniffHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum State {
        /// Not enough bytes to tell yet.
        case sniffing(ByteBuffer?)
        /// Classified; bytes read until the hand-over runs are kept too.
        case decided(SniffedProtocol, ByteBuffer)
        /// Handed over (or the connection closed).
        case done
    }

    private var state = State.sniffing(nil)
    private var context: ChannelHandlerContext?
    /// The client half-closed while sniffing: passed on after the hand-over, to whatever runs then.
    private var inputClosed = false
    /// Appends whatever handles `SniffedProtocol` and has it take the bytes.
    private let onSniffed: (any Channel, SniffedProtocol, ByteBuffer) -> Void

    init(onSniffed: @escaping (any Channel, SniffedProtocol, ByteBuffer) -> Void) {
        self.onSniffed = onSniffed
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// The server sent bytes before the client said anything (e.g. an SMTP greeting): nothing to
    /// wait for, the stream is relayed byte for byte.
    func serverSpokeFirst() {
        guard let context, case .sniffing(let bytes) = state else { return }
        decide(.other, bytes ?? context.channel.allocator.buffer(capacity: 0), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = Self.unwrapInboundIn(data)
        switch state {
        case .sniffing(var buffered?):
            buffered.writeBuffer(&bytes)
            classify(buffered, context: context)
        case .sniffing(nil):
            classify(bytes, context: context)
        case .decided(let kind, var buffered):
            buffered.writeBuffer(&bytes)
            state = .decided(kind, buffered)
        case .done:
            context.fireChannelRead(Self.wrapInboundOut(bytes))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        switch state {
        case .sniffing(nil):
            state = .done
            context.close(promise: nil)  // closed before saying anything: nothing to relay
        case .sniffing(let bytes?):
            inputClosed = true
            decide(.other, bytes, context: context)  // too short to tell, and no more is coming
        case .decided:
            inputClosed = true
        case .done:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        state = .done
        context.close(promise: nil)  // nothing was relayed yet; only this connection is affected
    }

    private func classify(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        guard let kind = ProtocolSniffer.classify(bytes) else {
            state = .sniffing(bytes)
            return
        }
        decide(kind, bytes, context: context)
    }

    private func decide(_ kind: SniffedProtocol, _ bytes: ByteBuffer, context: ChannelHandlerContext) {
        state = .decided(kind, bytes)
        context.eventLoop.assumeIsolated().execute {
            self.handOver(context: context)
        }
    }

    private func handOver(context: ChannelHandlerContext) {
        guard case .decided(let kind, let bytes) = state, context.channel.isActive else { return }
        state = .done
        onSniffed(context.channel, kind, bytes)
        if inputClosed { context.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
