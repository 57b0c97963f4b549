import NIOCore
import NIOPosix

/// A raw TCP server that counts the bytes it receives until the client half-closes, then answers
/// "received N bytes" and closes: shows that data and half-closure pass through a tunnel.
final class CountingServer: @unchecked Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    init(group: any EventLoopGroup) throws {
        channel = try ServerBootstrap(group: group)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(CountingHandler()) }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    deinit { try? channel.close().wait() }
}

private final class CountingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var count = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        count += Self.unwrapInboundIn(data).readableBytes
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else { return }
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: "received \(count) bytes\n"))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
