import NIOCore
import NIOPosix

/// Opens the connection the HTTP relay sends requests to.
///
/// Plain HTTP uses `TCPUpstreamConnector`; TLS interception supplies a connector whose channels
/// carry a TLS client handler (its handshake may still be running: writes must wait in it). The
/// relay calls `connect` when a request needs a connection (the first one, and again after the
/// previous one closed), appends its HTTP/1 client codec to the returned channel's pipeline and closes the
/// channel when done. A failed future becomes a `502` whose body ends with the error's description.
public protocol UpstreamConnector: Sendable {
    /// Connects to `target`; the channel must live on `eventLoop` (the client channel's loop).
    func connect(to target: ConnectTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection>

    /// With `--reuse-upstream`: the key of pooled connections that may serve the next request to
    /// `target` instead of `connect`; nil when `connect` must be asked (the default, e.g. while a
    /// connection opened for this client waits for its first request).
    func poolKey(for target: ConnectTarget) -> UpstreamPoolKey?
}

extension UpstreamConnector {
    public func poolKey(for target: ConnectTarget) -> UpstreamPoolKey? { nil }
}

/// Plain TCP to the target, with a connect timeout.
public struct TCPUpstreamConnector: UpstreamConnector {
    /// How long one connection attempt may take.
    public var connectTimeout: TimeAmount
    private let dialer = UpstreamDialer()

    /// A connector with the given timeout.
    public init(connectTimeout: TimeAmount = .seconds(10)) {
        self.connectTimeout = connectTimeout
    }

    public func connect(to target: ConnectTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection> {
        let started = NIODeadline.now()
        return dialer.connect(to: target) { [connectTimeout] in
            ClientBootstrap(group: eventLoop)
                .connectTimeout(connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.recvAllocator, value: SocketReadBuffers.allocator)
        }
            .map { UpstreamConnection(channel: $0, connectTime: .now() - started, poolKey: poolKey(for: target)) }
    }

    public func poolKey(for target: ConnectTarget) -> UpstreamPoolKey? {
        UpstreamPoolKey(target: target, transport: .plain)
    }
}
