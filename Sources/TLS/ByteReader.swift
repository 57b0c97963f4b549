/// A bounds-checked cursor over big-endian TLS wire bytes.
struct ByteReader {
    private let bytes: [UInt8]
    private var index: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        index = 0
    }

    var remaining: ArraySlice<UInt8> { bytes[index...] }

    mutating func byte() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    /// Reads a `width`-byte length and returns a reader over exactly that many following bytes.
    mutating func lengthPrefixed(_ width: Int) -> ByteReader? {
        guard bytes.count - index >= width else { return nil }
        let length = bytes[index..<index + width].reduce(0) { $0 << 8 | Int($1) }
        let start = index + width
        guard bytes.count - start >= length else { return nil }
        index = start + length
        return ByteReader(Array(bytes[start..<start + length]))
    }
}
