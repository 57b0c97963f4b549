import NIOCore

/// Sits behind the TLS handler of an upstream that is ready but not yet taken by the relay, so that
/// bytes the server sends first (a server-speaks-first protocol) are kept instead of dropped, and
/// reports the first of them. Removed once the relay has added its handlers behind it: the kept
/// bytes go to them then, one event-loop tick after the removal was asked for.
final class ParkedUpstreamHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var kept: [ByteBuffer] = []
    private var onFirstBytes: (() -> Void)?

    init(onFirstBytes: @escaping () -> Void) {
        self.onFirstBytes = onFirstBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        kept.append(Self.unwrapInboundIn(data))
        if let onFirstBytes {
            self.onFirstBytes = nil
            onFirstBytes()
        }
    }

    func removeHandler(context: ChannelHandlerContext, removalToken: ChannelHandlerContext.RemovalToken) {
        onFirstBytes = nil
        // The relay adds its handlers right after taking the channel, in this same tick.
        context.eventLoop.assumeIsolated().execute {
            for bytes in self.kept { context.fireChannelRead(Self.wrapInboundOut(bytes)) }
            if !self.kept.isEmpty { context.fireChannelReadComplete() }
            self.kept = []
            context.leavePipeline(removalToken: removalToken)
        }
    }
}
