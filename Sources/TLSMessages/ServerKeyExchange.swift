/// The server's ephemeral key-exchange parameters in TLS 1.2 and earlier (RFC 8422 §5.4, RFC 5246 §7.4.3).
public enum ServerKeyExchange: Equatable, Sendable {
    /// ECDHE on a named curve: the group, the size of the server's public point, the signature over them.
    case ecdhe(namedCurve: UInt16, publicKeyLength: Int, signature: DigitalSignature)
    /// Anything else (DHE, PSK hints, explicit curves): shown by size only.
    case unparsed(length: Int)

    /// The ECCurveType of a named curve (RFC 8422 §5.4).
    private static let namedCurveType: UInt8 = 3

    /// Decodes a ServerKeyExchange body. Parameters that are not a well-formed ECDHE named curve are
    /// `unparsed`, not an error: the cipher suite (unknown here) decides their layout.
    init(body reader: inout ByteReader, negotiatedVersion: UInt16?) {
        var attempt = reader
        let length = reader.remaining
        _ = reader.rest() // the whole body is this message's, however it decodes
        self = (try? Self.ecdhe(&attempt, negotiatedVersion: negotiatedVersion)) ?? .unparsed(length: length)
    }

    private static func ecdhe(_ reader: inout ByteReader, negotiatedVersion: UInt16?) throws(TLSParseError) -> ServerKeyExchange {
        guard try reader.u8("ServerKeyExchange.curve_type") == namedCurveType else {
            throw TLSParseError(field: "ServerKeyExchange.curve_type", offset: reader.offset - 1,
                                problem: .invalid("not a named curve"))
        }
        let curve = try reader.u16("ServerKeyExchange.named_curve")
        let point = try reader.vectorBytes("ServerKeyExchange.public", prefix: .oneByte)
        let signature = try DigitalSignature(from: &reader, "ServerKeyExchange.signed_params",
                                             negotiatedVersion: negotiatedVersion)
        try reader.expectEnd("ServerKeyExchange")
        return .ecdhe(namedCurve: curve, publicKeyLength: point.count, signature: signature)
    }

    /// The salient fields.
    public func summary() -> Summary {
        switch self {
        case .ecdhe(let curve, let publicKeyLength, let signature):
            return [
                ("kind", .string("ecdhe")),
                ("group", .string(NameTable.namedGroups.name(curve))),
                ("public_key_length", .int(publicKeyLength)),
                ("signature_algorithm", .string(signature.schemeName)),
            ]
        case .unparsed(let length):
            return [("kind", .string("unparsed")), ("length", .int(length))]
        }
    }
}
