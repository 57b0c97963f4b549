import NIOCore

/// Idle upstream connections of the HTTP relays on one event loop, shared between client
/// connections (`--reuse-upstream`, like squid's server-side persistent connections): a relay checks
/// its upstream in when an exchange ends with it reusable, and the next request to the same key
/// checks one out instead of connecting. Pooled channels keep the relay's HTTP handlers, so a
/// checkout is a lookup and re-pointing them. Confined to its event loop, as are the relays and
/// upstream channels it serves (a client and its upstreams share a loop).
final class UpstreamPool {
    struct Limits {
        /// Idle connections kept per key; squid's busiest origins rarely need more.
        var perKey = 64
        /// Idle connections kept in all; each holds a socket and a TLS session (~14 KiB).
        var total = 256
        /// How long a connection may stay idle: long enough to bridge a user's pauses between
        /// page loads, shorter than squid's 60 s, as many servers close idle connections after
        /// 5–60 s anyway (and a request that meets such a close is retried on a fresh connection).
        var idleTime = TimeAmount.seconds(30)
        /// How often expired connections are looked for while any are idle: one timer per pool,
        /// not one per check-in, so connections stay idle up to `idleTime + sweepInterval`.
        var sweepInterval = TimeAmount.seconds(5)
    }

    private struct Entry {
        let upstream: RelayUpstream
        let idleSince: NIODeadline
    }

    private let eventLoop: any EventLoop
    private let limits: Limits
    /// Per key, oldest first: checkouts take the newest (LIFO: the warmest, least likely closed).
    private var idle: [UpstreamPoolKey: [Entry]] = [:]
    private(set) var count = 0
    private var sweep: Scheduled<Void>?
    /// After `closeAll` (server shutdown) nothing is taken in any more.
    private var closed = false

    init(eventLoop: any EventLoop, limits: Limits = Limits()) {
        self.eventLoop = eventLoop
        self.limits = limits
    }

    /// Keeps `upstream` for a later checkout; false when it cannot be pooled (the caller closes it).
    func checkIn(_ upstream: RelayUpstream) -> Bool {
        guard !closed, let key = upstream.poolKey, upstream.channel.isActive else { return false }
        upstream.handler.park(in: self, as: key)
        idle[key, default: []].append(Entry(upstream: upstream, idleSince: eventLoop.now))
        count += 1
        if idle[key, default: []].count > limits.perKey {
            close(key, at: 0)
        } else if count > limits.total {
            closeLeastRecentlyUsed()
        }
        scheduleSweep()
        return true
    }

    /// The newest idle connection for `key` that is still open, taken out of the pool; its handlers
    /// still point nowhere (see `UpstreamResponseHandler.attach`).
    func checkOut(_ key: UpstreamPoolKey) -> RelayUpstream? {
        while let entry = idle[key]?.popLast() {
            if idle[key]?.isEmpty == true { idle[key] = nil }
            count -= 1
            entry.upstream.handler.unpark()
            if entry.upstream.channel.isActive { return entry.upstream }
            entry.upstream.channel.close(promise: nil)
        }
        return nil
    }

    /// The certificate names of an open idle connection for `key`, without taking it: a client
    /// connection that a pooled upstream will serve gets its leaf minted from them.
    func certificateNames(for key: UpstreamPoolKey) -> [String]? {
        idle[key]?.last(where: { $0.upstream.channel.isActive })?.upstream.certificateNames
    }

    /// A pooled connection received bytes (nothing was asked) or closed: it cannot serve a request.
    func evict(_ handler: UpstreamResponseHandler, key: UpstreamPoolKey) {
        guard let index = idle[key]?.firstIndex(where: { $0.upstream.handler === handler }) else { return }
        close(key, at: index)
    }

    /// Closes every idle connection and takes no more (server shutdown).
    func closeAll() {
        closed = true
        sweep?.cancel()
        sweep = nil
        for key in Array(idle.keys) {
            while idle[key] != nil { close(key, at: 0) }
        }
    }

    /// Closes the connections idle for `limits.idleTime` or longer.
    private func closeExpired() {
        let now = eventLoop.now
        for key in Array(idle.keys) {
            while let oldest = idle[key]?.first, now - oldest.idleSince >= limits.idleTime { close(key, at: 0) }
        }
    }

    private func scheduleSweep() {
        guard sweep == nil, !closed else { return }
        sweep = eventLoop.assumeIsolated().scheduleTask(in: limits.sweepInterval) {
            self.sweep = nil
            self.closeExpired()
            if self.count > 0 { self.scheduleSweep() }
        }
    }

    /// Scans the keys' oldest entries: there are few keys, and this runs only when the pool is full.
    private func closeLeastRecentlyUsed() {
        let oldest = idle.min { $0.value[0].idleSince < $1.value[0].idleSince }
        if let key = oldest?.key { close(key, at: 0) }
    }

    private func close(_ key: UpstreamPoolKey, at index: Int) {
        guard let entry = idle[key]?.remove(at: index) else { return }
        if idle[key]?.isEmpty == true { idle[key] = nil }
        count -= 1
        entry.upstream.handler.unpark()
        entry.upstream.channel.close(promise: nil)
    }
}
