import Foundation
import NIOCore
import NIOPosix

/// A TCP server on 127.0.0.1 that echoes every byte and closes after the client half-closes. With
/// `upgradeTo`, it first reads an HTTP request head and answers `101 Switching Protocols` to that
/// protocol, followed in the same write by `welcome;` and the echo of any bytes after the head.
final class EchoServer: @unchecked Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }
    private let heads = RequestHeads()

    /// The request heads received before switching, as text.
    var requestHeads: [String] { heads.all }

    init(group: any EventLoopGroup, upgradeTo protocolName: String? = nil) throws {
        let heads = heads
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(EchoHandler(upgradeTo: protocolName, heads: heads))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    deinit { try? channel.close().wait() }
}

private final class RequestHeads: @unchecked Sendable {
    private let lock = NSLock()
    private var heads: [String] = []
    var all: [String] { lock.withLock { heads } }
    func append(_ head: String) { lock.withLock { heads.append(head) } }
}

private final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Collecting the HTTP request head that asks for the switch.
        case awaitingHead(ByteBuffer, protocolName: String)
        case echoing
    }

    private var state: State
    private let heads: RequestHeads

    init(upgradeTo protocolName: String?, heads: RequestHeads) {
        state = protocolName.map { .awaitingHead(ByteBuffer(), protocolName: $0) } ?? .echoing
        self.heads = heads
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = Self.unwrapInboundIn(data)
        switch state {
        case .awaitingHead(var buffered, let protocolName):
            buffered.writeBuffer(&bytes)
            let text = String(buffer: buffered)
            guard let end = text.range(of: "\r\n\r\n") else {
                state = .awaitingHead(buffered, protocolName: protocolName)
                return
            }
            heads.append(String(text[..<end.lowerBound]))
            state = .echoing
            buffered.moveReaderIndex(forwardBy: text[..<end.upperBound].utf8.count)
            var answer = ByteBuffer(string: "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: \(protocolName)\r\n\r\nwelcome;")
            answer.writeBuffer(&buffered)
            context.writeAndFlush(Self.wrapOutboundOut(answer), promise: nil)
        case .echoing:
            context.writeAndFlush(Self.wrapOutboundOut(bytes), promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else { return }
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer())).whenComplete { _ in channel.close(promise: nil) }
    }
}
