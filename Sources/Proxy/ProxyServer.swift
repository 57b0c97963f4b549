import Foundation
import NIOCore
import NIOPosix

/// The listening proxy: accepts clients and gives each its own HTTP front (see `ClientPipeline`).
public final class ProxyServer: Sendable {
    /// The listening channel.
    public let channel: any Channel
    /// The bound address, with the real port when port 0 was requested.
    public let localAddress: SocketAddress

    private init(channel: any Channel, localAddress: SocketAddress) {
        self.channel = channel
        self.localAddress = localAddress
    }

    /// Binds `configuration.listenHost:listenPort` and starts serving on `group`.
    public static func start(configuration: ProxyConfiguration, group: any EventLoopGroup) -> EventLoopFuture<ProxyServer> {
        let connectionIDs = ConnectionCounter()
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The parent's address has the real port, needed to recognise requests to ourselves.
                    guard let listening = channel.parent?.localAddress else { throw ChannelError.ioOnClosedChannel }
                    let environment = ProxyEnvironment(configuration: configuration,
                                                       loopGuard: LoopGuard(listeningOn: listening),
                                                       connectionID: connectionIDs.next())
                    try ClientPipeline.configureFront(channel, environment: environment)
                }
            }
            .bind(host: configuration.listenHost, port: configuration.listenPort)
            .flatMapThrowing { channel in
                guard let address = channel.localAddress else { throw ChannelError.ioOnClosedChannel }
                return ProxyServer(channel: channel, localAddress: address)
            }
    }

    /// Stops accepting connections (open client connections keep running until they end).
    public func close() -> EventLoopFuture<Void> {
        channel.close()
    }
}

/// Hands out connection ids 1, 2, 3, … across event loops.
private final class ConnectionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var last = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}
