import NIOCore
import NIOEmbedded
import Proxy

/// Hands the relay and tunnels embedded upstream channels on the client's loop.
final class EmbeddedUpstreams: UpstreamConnector, @unchecked Sendable {
    private(set) var channels: [EmbeddedChannel] = []

    func connect(to target: ConnectTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection> {
        guard let loop = eventLoop as? EmbeddedEventLoop else {
            return eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
        }
        let channel = EmbeddedChannel(loop: loop)
        channels.append(channel)
        return channel.connect(to: try! SocketAddress(ipAddress: "127.0.0.1", port: 2)).map { UpstreamConnection(channel: channel) }
    }
}
