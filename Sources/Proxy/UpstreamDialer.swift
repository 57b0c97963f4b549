import NIOCore
import NIOPosix

/// Opens TCP connections to upstream targets with the settings of the bootstraps `makeBootstrap`
/// returns (one per attempt; `ClientBootstrap` is not `Sendable`): an IP literal directly;
/// a host name at the address it was last reached at (see `UpstreamAddressCache`), falling back to
/// name resolution and Happy Eyeballs when that address fails; otherwise by resolving it.
struct UpstreamDialer: Sendable {
    let addresses: UpstreamAddressCache

    init(addresses: UpstreamAddressCache = .shared) {
        self.addresses = addresses
    }

    func connect(to target: ConnectTarget,
                 with makeBootstrap: @escaping @Sendable () -> ClientBootstrap) -> EventLoopFuture<any Channel> {
        if let literal = try? SocketAddress(ipAddress: target.host, port: target.port) {
            return makeBootstrap().connect(to: literal)
        }
        guard let known = addresses.address(for: target) else { return resolveAndConnect(to: target, with: makeBootstrap) }
        let attempt = makeBootstrap().connect(to: known)
        return attempt.flatMapError { [addresses] error in
            addresses.forget(target)
            // Why: the connect timeout bounds the whole connection; a second full attempt after an
            // address that never answered would double it. Next time, the name is resolved again.
            if let channelError = error as? ChannelError, case .connectTimeout = channelError {
                return attempt.eventLoop.makeFailedFuture(error)
            }
            return resolveAndConnect(to: target, with: makeBootstrap)
        }
    }

    private func resolveAndConnect(to target: ConnectTarget,
                                   with makeBootstrap: () -> ClientBootstrap) -> EventLoopFuture<any Channel> {
        makeBootstrap().connect(host: target.host, port: target.port).map { [addresses] channel in
            if let address = channel.remoteAddress { addresses.remember(address, for: target) }
            return channel
        }
    }
}
