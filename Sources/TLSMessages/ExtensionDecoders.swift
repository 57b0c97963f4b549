/// Decoders for the contents of the extensions this module reports (RFC 6066, 7301, 8446, 8422).
/// Each reads one extension's contents; `ExtensionBlock.decode` checks nothing is left over.
enum ExtensionDecoders {
    /// server_name: the first host_name entry of the list (type 0); in a server's ack the list is empty.
    static func serverName(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> String? {
        var list = try reader.vector(field, prefix: .twoBytes)
        let names = try list.elements(field) { entry throws(TLSParseError) in
            let nameType = try entry.u8("\(field).name_type")
            return (nameType, try entry.vectorBytes("\(field).host_name", prefix: .twoBytes))
        }
        return names.first { $0.0 == 0 }.map { String(decoding: $0.1, as: UTF8.self) }
    }

    /// application_layer_protocol_negotiation: the protocol names, raw (JA4 needs the bytes).
    static func alpn(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> [[UInt8]] {
        var list = try reader.vector(field, prefix: .twoBytes)
        return try list.elements(field) { entry throws(TLSParseError) in
            try entry.vectorBytes("\(field).protocol_name", prefix: .oneByte)
        }
    }

    /// supported_versions in a ClientHello: a list.
    static func offeredVersions(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> [UInt16] {
        try reader.u16List(field, prefix: .oneByte)
    }

    /// supported_versions in a ServerHello: the one selected.
    static func selectedVersion(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> UInt16 {
        try reader.u16(field)
    }

    /// supported_groups and signature_algorithms(_cert): a u16-prefixed list of u16 code points.
    static func codePoints(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> [UInt16] {
        try reader.u16List(field, prefix: .twoBytes)
    }

    /// ec_point_formats and psk_key_exchange_modes: a u8-prefixed list of bytes.
    static func byteCodes(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> [UInt8] {
        try reader.vectorBytes(field, prefix: .oneByte)
    }

    /// key_share in a ClientHello: the groups of the offered shares.
    static func offeredKeyShares(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> [UInt16] {
        var list = try reader.vector(field, prefix: .twoBytes)
        return try list.elements(field) { entry throws(TLSParseError) in
            try keyShareEntry(&entry, field)
        }
    }

    /// key_share in a ServerHello: one entry; in a HelloRetryRequest only the group the server wants.
    static func selectedKeyShare(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> UInt16 {
        reader.remaining == 2 ? try reader.u16("\(field).selected_group") : try keyShareEntry(&reader, field)
    }

    private static func keyShareEntry(_ reader: inout ByteReader, _ field: String) throws(TLSParseError) -> UInt16 {
        let group = try reader.u16("\(field).group")
        _ = try reader.vector("\(field).key_exchange", prefix: .twoBytes)
        return group
    }
}
