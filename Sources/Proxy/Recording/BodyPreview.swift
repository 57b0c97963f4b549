import NIOCore

/// The first bytes of a message body, for records: copies at most `capacity` bytes however large
/// the body, and notes whether more followed.
public struct BodyPreview: Hashable, Sendable {
    /// How many bytes of each body are kept.
    public static let capacity = 4096

    /// The kept bytes (at most `capacity`).
    public private(set) var bytes: [UInt8] = []
    /// Whether the body was longer than what is kept.
    public private(set) var truncated = false

    public init() {}

    /// A preview of `bytes` (capped).
    public init(_ bytes: some Collection<UInt8>) {
        append(bytes)
    }

    /// Keeps what still fits of `chunk`.
    mutating func append(_ chunk: ByteBuffer) {
        append(chunk.readableBytesView)
    }

    private mutating func append(_ chunk: some Collection<UInt8>) {
        let room = Self.capacity - bytes.count
        if chunk.count > room { truncated = true }
        if room > 0 { bytes.append(contentsOf: chunk.prefix(room)) }
    }
}
