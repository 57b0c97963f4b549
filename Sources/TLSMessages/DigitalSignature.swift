/// The signature closing a ServerKeyExchange or CertificateVerify: the scheme (TLS 1.2+; earlier
/// versions imply it from the key) and a u16-prefixed signature.
public struct DigitalSignature: Equatable, Sendable {
    /// The signature scheme, nil before TLS 1.2.
    public let scheme: UInt16?
    /// The signature's length in bytes.
    public let length: Int

    /// Reads the signature. Without a negotiated version, the scheme is assumed present when the
    /// remaining bytes have exactly its shape.
    init(from reader: inout ByteReader, _ field: String, negotiatedVersion: UInt16?) throws(TLSParseError) {
        let hasScheme = negotiatedVersion.map { $0 >= 0x0303 } ?? Self.startsWithScheme(reader, field)
        scheme = hasScheme ? try reader.u16("\(field).algorithm") : nil
        length = try reader.vectorBytes("\(field).signature", prefix: .twoBytes).count
    }

    private static func startsWithScheme(_ reader: ByteReader, _ field: String) -> Bool {
        var probe = reader
        guard (try? probe.u16(field)) != nil, (try? probe.vector(field, prefix: .twoBytes)) != nil else {
            return false
        }
        return probe.isAtEnd
    }

    /// The scheme's name, or `"implicit"` before TLS 1.2.
    public var schemeName: String {
        scheme.map(NameTable.signatureSchemes.name) ?? "implicit"
    }
}
