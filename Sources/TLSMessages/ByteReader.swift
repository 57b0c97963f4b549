/// A bounds-checked cursor over message bytes. Every read checks the bytes left first and throws a
/// `TLSParseError` naming the field, so hostile input can neither trap nor read out of bounds.
public struct ByteReader: Sendable {
    /// The size of a vector's length prefix, as TLS's presentation language declares it (`<0..2^8-1>` etc.).
    public enum LengthPrefix: Int, Sendable {
        /// `<0..2^8-1>`
        case oneByte = 1
        /// `<0..2^16-1>`
        case twoBytes = 2
        /// `<0..2^24-1>`
        case threeBytes = 3
    }

    private let buffer: [UInt8]
    /// The offset of the next byte to read, counted from the start of the whole message.
    public private(set) var offset: Int
    /// One past the last byte this reader may read (a vector's reader ends where its vector ends).
    private let end: Int

    /// A reader over all of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.init(bytes: bytes, offset: 0, end: bytes.count)
    }

    private init(bytes: [UInt8], offset: Int, end: Int) {
        self.buffer = bytes
        self.offset = offset
        self.end = end
    }

    /// How many bytes are left.
    public var remaining: Int { end - offset }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == end }

    /// Reads one byte.
    public mutating func u8(_ field: String) throws(TLSParseError) -> UInt8 {
        try UInt8(unsigned(byteCount: 1, field))
    }

    /// Reads a big-endian 16-bit value.
    public mutating func u16(_ field: String) throws(TLSParseError) -> UInt16 {
        try UInt16(unsigned(byteCount: 2, field))
    }

    /// Reads a big-endian 24-bit value (handshake and certificate lengths).
    public mutating func u24(_ field: String) throws(TLSParseError) -> Int {
        try Int(unsigned(byteCount: 3, field))
    }

    /// Reads a big-endian 32-bit value.
    public mutating func u32(_ field: String) throws(TLSParseError) -> UInt32 {
        try unsigned(byteCount: 4, field)
    }

    /// Reads `count` bytes.
    public mutating func bytes(_ count: Int, _ field: String) throws(TLSParseError) -> [UInt8] {
        try require(count, field)
        defer { offset += count }
        return Array(buffer[offset..<offset + count])
    }

    /// Reads everything that is left.
    public mutating func rest() -> [UInt8] {
        defer { offset = end }
        return Array(buffer[offset..<end])
    }

    /// Reads a length-prefixed vector and returns a reader confined to its contents.
    public mutating func vector(_ field: String, prefix: LengthPrefix) throws(TLSParseError) -> ByteReader {
        let prefixOffset = offset
        let length = Int(try unsigned(byteCount: prefix.rawValue, "\(field).length"))
        guard length <= remaining else {
            throw TLSParseError(field: field, offset: prefixOffset,
                                problem: .lengthExceedsBuffer(declared: length, available: remaining))
        }
        defer { offset += length }
        return ByteReader(bytes: buffer, offset: offset, end: offset + length)
    }

    /// Reads a length-prefixed vector's bytes.
    public mutating func vectorBytes(_ field: String, prefix: LengthPrefix) throws(TLSParseError) -> [UInt8] {
        var contents = try vector(field, prefix: prefix)
        return contents.rest()
    }

    /// Reads a length-prefixed vector of 16-bit values (cipher suites, groups, signature schemes).
    public mutating func u16List(_ field: String, prefix: LengthPrefix) throws(TLSParseError) -> [UInt16] {
        var contents = try vector(field, prefix: prefix)
        return try contents.elements(field) { reader throws(TLSParseError) in try reader.u16(field) }
    }

    /// Reads elements with `read` until this reader is exhausted. An element that consumes nothing is
    /// an error rather than an endless loop.
    public mutating func elements<Element>(
        _ field: String, _ read: (inout ByteReader) throws(TLSParseError) -> Element
    ) throws(TLSParseError) -> [Element] {
        var result: [Element] = []
        while !isAtEnd {
            let before = offset
            result.append(try read(&self))
            guard offset > before else {
                throw TLSParseError(field: field, offset: before, problem: .invalid("element of zero length"))
            }
        }
        return result
    }

    /// Throws unless every byte has been read: a structure must fill its length exactly.
    public func expectEnd(_ field: String) throws(TLSParseError) {
        guard isAtEnd else {
            throw TLSParseError(field: field, offset: offset, problem: .trailingBytes(count: remaining))
        }
    }

    private func require(_ count: Int, _ field: String) throws(TLSParseError) {
        guard count >= 0, count <= remaining else {
            throw TLSParseError(field: field, offset: offset, problem: .truncated(needed: count, available: remaining))
        }
    }

    private mutating func unsigned(byteCount: Int, _ field: String) throws(TLSParseError) -> UInt32 {
        try require(byteCount, field)
        var value: UInt32 = 0
        for byte in buffer[offset..<offset + byteCount] {
            value = value << 8 | UInt32(byte)
        }
        offset += byteCount
        return value
    }
}
