/// The server's TLS 1.3 extensions that are not needed to set up keys (RFC 8446 §4.3.1).
public struct EncryptedExtensions: Equatable, Sendable {
    /// All extensions in wire order.
    public let extensions: [TLSExtension]
    /// The chosen ALPN protocol, raw.
    public let alpnProtocolBytes: [UInt8]?
    /// The server's supported_groups (what it would prefer next time), in order.
    public let supportedGroups: [UInt16]

    /// Decodes an EncryptedExtensions body.
    init(body reader: inout ByteReader) throws(TLSParseError) {
        let block = try ExtensionBlock(from: &reader, "EncryptedExtensions.extensions")
        extensions = block.extensions
        alpnProtocolBytes = try block.decode(ExtensionType.alpn, ExtensionDecoders.alpn)?.first
        supportedGroups = try block.decode(ExtensionType.supportedGroups, ExtensionDecoders.codePoints) ?? []
    }

    /// The chosen ALPN protocol as text.
    public var alpnProtocol: String? {
        alpnProtocolBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the server acknowledged the client's SNI (an empty server_name extension).
    public var acknowledgesServerName: Bool {
        extensions.contains { $0.type == ExtensionType.serverName }
    }

    /// The salient fields.
    public func summary() -> Summary {
        var fields: Summary = []
        if let alpnProtocol { fields.append(("alpn", .string(alpnProtocol))) }
        fields += [
            ("server_name_ack", .bool(acknowledgesServerName)),
            ("early_data", .bool(extensions.contains { $0.type == ExtensionType.earlyData })),
            ("extensions", .strings(extensions.map(\.name))),
        ]
        if !supportedGroups.isEmpty {
            fields.append(("groups", .strings(NameTable.namedGroups.names(supportedGroups))))
        }
        return fields
    }
}
