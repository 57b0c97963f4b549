/// The client's key-exchange value in TLS 1.2 and earlier (RFC 5246 §7.4.7, RFC 8422 §5.7).
public struct ClientKeyExchange: Equatable, Sendable {
    /// The size of the public value: the ECDHE point, the DHE value or the RSA-encrypted premaster secret.
    public let publicValueLength: Int

    /// Decodes a ClientKeyExchange body. Its layout depends on the cipher suite, which is unknown here,
    /// so the length prefix that exactly fits decides: u8 (ECDHE), u16 (DHE, RSA), else the whole body
    /// (SSLv3-style RSA without a prefix).
    init(body reader: inout ByteReader) {
        publicValueLength = Self.prefixedLength(reader, .oneByte) ?? Self.prefixedLength(reader, .twoBytes)
            ?? reader.remaining
        _ = reader.rest()
    }

    /// The vector's length when a `prefix`-sized length prefix exactly spans what is left, else nil.
    private static func prefixedLength(_ reader: ByteReader, _ prefix: ByteReader.LengthPrefix) -> Int? {
        var probe = reader
        guard let value = try? probe.vectorBytes("ClientKeyExchange.exchange_keys", prefix: prefix),
              probe.isAtEnd else { return nil }
        return value.count
    }

    /// The salient fields.
    public func summary() -> Summary {
        [("public_value_length", .int(publicValueLength))]
    }
}
