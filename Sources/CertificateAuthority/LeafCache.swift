import Foundation
import TLS

/// Minted leaves, kept in a bounded least-recently-used cache keyed by their `LeafNames`.
///
/// Thread-safe: the proxy asks from several event loops at once. Concurrent requests for the same
/// names mint once — later callers block until the first caller's mint finishes (a fraction of a
/// millisecond) and share its result or its error. Different names mint in parallel, outside the
/// lock. A cached leaf that expires within a day is minted afresh.
public final class LeafCache: @unchecked Sendable {
    public static let defaultCapacity = 1_000

    /// Counters, for tests and diagnostics.
    public struct Statistics: Sendable, Hashable {
        /// Served from the cache.
        public var hits = 0
        /// Minted (each miss is exactly one mint attempt).
        public var misses = 0
        /// Joined a mint already in progress for the same names, instead of minting.
        public var joined = 0
        /// Evicted to stay within capacity.
        public var evictions = 0

        public init() {}
    }

    /// A mint in progress; `result` is set (under the cache's lock) when it finishes.
    private final class PendingMint {
        var result: Result<LeafIdentity, any Error>?
    }

    public let minter: LeafMinter
    public let capacity: Int
    private static let renewalMargin: TimeInterval = 86_400

    private let condition = NSCondition()
    private var entries: LRUDictionary<LeafNames, LeafIdentity>
    private var pending: [LeafNames: PendingMint] = [:]
    private var counters = Statistics()

    public init(minter: LeafMinter, capacity: Int = LeafCache.defaultCapacity) {
        self.minter = minter
        self.capacity = max(capacity, 1)
        self.entries = LRUDictionary(capacity: max(capacity, 1))
    }

    /// The leaf for `names` (DNS names and/or IP literals; see `LeafNames` for normalisation).
    public func identity(for names: [String]) throws -> LeafIdentity {
        try identity(for: LeafNames(names))
    }

    /// The leaf for `names`, from the cache or freshly minted.
    public func identity(for names: LeafNames) throws -> LeafIdentity {
        let now = Date()
        condition.lock()
        if let cached = entries.value(for: names), cached.notAfter - Self.renewalMargin > now.timeIntervalSince1970 {
            counters.hits += 1
            condition.unlock()
            return cached
        }
        if let mint = pending[names] {
            counters.joined += 1
            while mint.result == nil { condition.wait() }
            condition.unlock()
            return try mint.result!.get()
        }
        let mint = PendingMint()
        pending[names] = mint
        counters.misses += 1
        condition.unlock()

        let result = Result { try minter.identity(for: names, now: now) }

        condition.lock()
        mint.result = result
        pending[names] = nil
        if case .success(let identity) = result, entries.insert(identity, for: names) != nil {
            counters.evictions += 1
        }
        condition.broadcast()
        condition.unlock()
        return try result.get()
    }

    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return counters
    }

    /// How many leaves are cached.
    public var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return entries.count
    }
}
