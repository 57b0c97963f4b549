import NIOCore

/// Buffers the first bytes after a CONNECT until `ProtocolSniffer` can classify them, then removes
/// itself and hands the protocol and every byte read so far to `onSniffed`.
final class SniffHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private var buffered: ByteBuffer?
    /// Installs whatever handles `SniffedProtocol` and replays the bytes; runs after this handler left.
    private let onSniffed: (any Channel, SniffedProtocol, ByteBuffer) -> Void

    init(onSniffed: @escaping (any Channel, SniffedProtocol, ByteBuffer) -> Void) {
        self.onSniffed = onSniffed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = Self.unwrapInboundIn(data)
        if var buffered {
            buffered.writeBuffer(&bytes)
            bytes = buffered
        }
        guard let kind = ProtocolSniffer.classify(bytes) else {
            buffered = bytes
            return
        }
        buffered = nil
        let channel = context.channel
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        onSniffed(channel, kind, bytes)
    }
}
