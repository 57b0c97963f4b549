import COpenSSL
import Synchronization

/// Where a client TLS session may be resumed: the same server (host and port) under the same SNI.
public struct TLSSessionKey: Hashable, Sendable {
    public let host: String
    public let port: Int
    /// The name sent as SNI and verified (nil: none).
    public let serverName: String?

    public init(host: String, port: Int, serverName: String?) {
        self.host = host
        self.port = port
        self.serverName = serverName
    }
}

/// A client context's resumable sessions, least recently used evicted first. Shared by every event
/// loop's connections, so guarded by a lock. Only sessions whose certificate verification succeeded
/// are stored (see `SSLConnection.sessionArrived`), so resuming one never skips a failed check.
final class TLSSessionCache: Sendable {
    /// One reference to an `SSL_SESSION` (OpenSSL's reference count is atomic), released with the wrapper.
    final class Session: @unchecked Sendable {
        let pointer: OpaquePointer

        /// Takes over one reference the caller owns.
        init(taking pointer: OpaquePointer) { self.pointer = pointer }

        deinit { SSL_SESSION_free(pointer) }
    }

    private struct Entry {
        let session: Session
        var lastUsed: UInt64
    }

    private struct State {
        var entries: [TLSSessionKey: Entry] = [:]
        var clock: UInt64 = 0

        mutating func tick() -> UInt64 {
            clock += 1
            return clock
        }
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        precondition(capacity > 0, "a session cache needs room for one session")
        self.capacity = capacity
    }

    /// The session last stored for `key`, if any.
    func session(for key: TLSSessionKey) -> Session? {
        state.withLock { state in
            let now = state.tick()
            state.entries[key]?.lastUsed = now
            return state.entries[key]?.session
        }
    }

    /// Stores `session` for `key`, replacing the previous one (TLS 1.3 servers send fresh tickets).
    func store(_ session: Session, for key: TLSSessionKey) {
        state.withLock { state in
            let now = state.tick()
            state.entries[key] = Entry(session: session, lastUsed: now)
            // A linear scan, only when full: far cheaper than the full handshake a cached session saves.
            guard state.entries.count > capacity,
                  let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key else { return }
            state.entries[oldest] = nil
        }
    }

    /// How many sessions are stored.
    var count: Int { state.withLock { $0.entries.count } }
}
