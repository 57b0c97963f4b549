import Capture
import NIOCore
import NIOPosix

/// The listening proxy: accepts clients and gives each its own HTTP front (see `ClientPipeline`).
public final class ProxyServer: Sendable {
    /// The listening channel.
    public let channel: any Channel
    /// The bound address, with the real port when port 0 was requested.
    public let localAddress: SocketAddress
    private let clients: ClientChannels
    /// `--reuse-upstream`: idle upstream connections, one pool per event loop.
    private let upstreamPools: UpstreamPools?

    private init(channel: any Channel, localAddress: SocketAddress, clients: ClientChannels, upstreamPools: UpstreamPools?) {
        self.channel = channel
        self.localAddress = localAddress
        self.clients = clients
        self.upstreamPools = upstreamPools
    }

    /// Binds `configuration.listenHost:listenPort` and starts serving on `group`.
    public static func start(configuration: ProxyConfiguration, group: any EventLoopGroup) -> EventLoopFuture<ProxyServer> {
        let connectionIDs = ConnectionIDs()
        let clients = ClientChannels()
        let upstreamPools = configuration.reuseUpstream ? UpstreamPools(group: group) : nil
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.recvAllocator, value: SocketReadBuffers.allocator)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    clients.add(channel)
                    // The parent's address has the real port, needed to recognise requests to ourselves.
                    guard let listening = channel.parent?.localAddress else { throw ChannelError.ioOnClosedChannel }
                    var environment = ProxyEnvironment(configuration: configuration,
                                                       loopGuard: LoopGuard(listeningOn: listening),
                                                       connectionID: connectionIDs.next())
                    environment.upstreamPool = upstreamPools?.pool(for: channel.eventLoop)
                    try ClientPipeline.configureFront(channel, environment: environment)
                }
            }
            .bind(host: configuration.listenHost, port: configuration.listenPort)
            .flatMapThrowing { channel in
                guard let address = channel.localAddress else { throw ChannelError.ioOnClosedChannel }
                return ProxyServer(channel: channel, localAddress: address, clients: clients, upstreamPools: upstreamPools)
            }
    }

    /// Stops accepting connections (open client connections keep running until they end, without
    /// pooled upstreams: the pools close theirs).
    public func close() -> EventLoopFuture<Void> {
        upstreamPools?.closeAll()
        return channel.close()
    }

    /// The client connections open right now.
    public var openConnections: Int { clients.count }

    /// Stops accepting, lets open connections finish for up to `gracePeriod`, then closes the rest.
    public func stop(gracePeriod: TimeAmount) -> EventLoopFuture<Void> {
        let eventLoop = channel.eventLoop
        let deadline = NIODeadline.now() + gracePeriod
        let done = eventLoop.makePromise(of: Void.self)
        upstreamPools?.closeAll()
        channel.close().whenComplete { [clients] _ in
            eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { task in
                guard clients.count == 0 || NIODeadline.now() >= deadline else { return }
                clients.closeAll()
                task.cancel()
                // Let the closes run before reporting done.
                eventLoop.scheduleTask(in: .milliseconds(50)) { done.succeed() }
            }
        }
        return done.futureResult
    }
}
