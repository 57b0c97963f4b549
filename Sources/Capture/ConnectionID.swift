import Synchronization

/// Hands out process-unique, increasing connection ids (1, 2, 3, …) from any thread.
public final class ConnectionIDs: Sendable {
    private let last = Atomic<Int>(0)

    public init() {}

    public func next() -> Int {
        last.add(1, ordering: .relaxed).newValue
    }
}
