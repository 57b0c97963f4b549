import NIOCore

/// One `UpstreamPool` per event loop of the server's group (`--reuse-upstream`), so that each stays
/// confined to its loop without locks: a client channel uses its own loop's pool.
struct UpstreamPools: Sendable {
    private let pools: [ObjectIdentifier: NIOLoopBoundBox<UpstreamPool>]

    init(group: any EventLoopGroup) {
        var pools: [ObjectIdentifier: NIOLoopBoundBox<UpstreamPool>] = [:]
        for eventLoop in group.makeIterator() {
            pools[ObjectIdentifier(eventLoop)] = .makeBoxSendingValue(UpstreamPool(eventLoop: eventLoop), eventLoop: eventLoop)
        }
        self.pools = pools
    }

    /// The pool of `eventLoop`; nil for a loop outside the group.
    func pool(for eventLoop: any EventLoop) -> NIOLoopBoundBox<UpstreamPool>? {
        pools[ObjectIdentifier(eventLoop)]
    }

    /// Closes every pooled connection, each on its own loop (server shutdown).
    func closeAll() {
        for pool in pools.values {
            pool.eventLoop.execute { pool.value.closeAll() }
        }
    }
}
