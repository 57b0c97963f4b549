/// A dictionary that holds at most `capacity` entries and evicts the least recently used one.
/// A value type with O(1) lookup, insertion and eviction; not thread-safe by itself.
struct LRUDictionary<Key: Hashable, Value> {
    private struct Node {
        var key: Key
        var value: Value
        var newer: Int?
        var older: Int?
    }

    let capacity: Int
    private var indices: [Key: Int] = [:]
    private var nodes: [Node] = []
    private var newest: Int?
    private var oldest: Int?

    init(capacity: Int) {
        precondition(capacity > 0, "an LRU dictionary needs room for at least one entry")
        self.capacity = capacity
    }

    var count: Int { indices.count }

    /// The keys from most to least recently used.
    var keysByRecency: [Key] {
        var keys: [Key] = []
        var cursor = newest
        while let index = cursor {
            keys.append(nodes[index].key)
            cursor = nodes[index].older
        }
        return keys
    }

    /// The value for `key`, which becomes the most recently used.
    mutating func value(for key: Key) -> Value? {
        guard let index = indices[key] else { return nil }
        moveToFront(index)
        return nodes[index].value
    }

    /// Stores `value` as the most recently used entry; returns the evicted key, if any.
    @discardableResult
    mutating func insert(_ value: Value, for key: Key) -> Key? {
        if let index = indices[key] {
            nodes[index].value = value
            moveToFront(index)
            return nil
        }
        if indices.count < capacity {
            nodes.append(Node(key: key, value: value, newer: nil, older: nil))
            let index = nodes.count - 1
            indices[key] = index
            linkAtFront(index)
            return nil
        }
        // Full: reuse the oldest node's slot.
        let index = oldest!
        let evicted = nodes[index].key
        unlink(index)
        indices[evicted] = nil
        nodes[index] = Node(key: key, value: value, newer: nil, older: nil)
        indices[key] = index
        linkAtFront(index)
        return evicted
    }

    private mutating func moveToFront(_ index: Int) {
        guard newest != index else { return }
        unlink(index)
        linkAtFront(index)
    }

    private mutating func unlink(_ index: Int) {
        let newer = nodes[index].newer
        let older = nodes[index].older
        if let newer { nodes[newer].older = older } else { newest = older }
        if let older { nodes[older].newer = newer } else { oldest = newer }
        nodes[index].newer = nil
        nodes[index].older = nil
    }

    private mutating func linkAtFront(_ index: Int) {
        nodes[index].older = newest
        nodes[index].newer = nil
        if let newest { nodes[newest].newer = index }
        newest = index
        if oldest == nil { oldest = index }
    }
}
