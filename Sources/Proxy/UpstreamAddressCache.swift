import NIOConcurrencyHelpers
import NIOCore

/// The address each recently reached upstream host answered on, for a short while, so that the
/// next connection to it skips name resolution and Happy Eyeballs (a thread hop, `getaddrinfo`
/// reading `/etc/hosts` and DNS, and one connection attempt per address family).
///
/// Only addresses that accepted a connection are kept; a failed resolution or connect is never
/// cached, and `forget` drops an address that stopped answering. Entries expire after `lifetime`
/// (`getaddrinfo` reports no TTL; browsers keep resolutions about a minute), so a host that moves
/// is followed within that time. Shared by every event loop, so guarded by a lock.
final class UpstreamAddressCache: Sendable {
    /// The process's memory of where hosts answered, shared by every connector (plain HTTP,
    /// tunnels and intercepted upstreams reach the same hosts), like the system resolver's cache.
    static let shared = UpstreamAddressCache()
    /// How long a resolved address is reused.
    static let defaultLifetime = TimeAmount.seconds(30)
    /// How many hosts are remembered; when full, expired entries go first, then arbitrary ones.
    static let defaultCapacity = 1_024

    private struct Entry {
        let address: SocketAddress
        let expires: NIODeadline
    }

    private let lifetime: TimeAmount
    private let capacity: Int
    private let entries = NIOLockedValueBox<[ConnectTarget: Entry]>([:])

    init(lifetime: TimeAmount = defaultLifetime, capacity: Int = defaultCapacity) {
        precondition(capacity > 0, "an address cache needs room for one host")
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The address `target` was last reached at, unless it expired.
    func address(for target: ConnectTarget, now: NIODeadline = .now()) -> SocketAddress? {
        entries.withLockedValue { entries in
            guard let entry = entries[target] else { return nil }
            guard entry.expires > now else {
                entries[target] = nil
                return nil
            }
            return entry.address
        }
    }

    /// Remembers that `target` accepted a connection at `address`.
    func remember(_ address: SocketAddress, for target: ConnectTarget, now: NIODeadline = .now()) {
        entries.withLockedValue { entries in
            entries[target] = Entry(address: address, expires: now + lifetime)
            guard entries.count > capacity else { return }
            entries = entries.filter { $0.value.expires > now }
            while entries.count > capacity, let victim = entries.keys.first(where: { $0 != target }) {
                entries[victim] = nil
            }
        }
    }

    /// Drops what is known about `target` (its address refused or failed a connection).
    func forget(_ target: ConnectTarget) {
        entries.withLockedValue { $0[target] = nil }
    }
}
