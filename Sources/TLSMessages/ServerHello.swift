/// The server's answer to a ClientHello (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3); also the
/// HelloRetryRequest, which TLS 1.3 sends as a ServerHello with a fixed random.
public struct ServerHello: Equatable, Sendable {
    /// The random that marks a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3).
    public static let helloRetryRequestRandom: [UInt8] = [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ]

    /// `legacy_version` (0x0303 in TLS 1.3, where supported_versions carries the real one).
    public let legacyVersion: UInt16
    /// The 32-byte server random.
    public let random: [UInt8]
    /// The session id (in TLS 1.3 an echo of the client's).
    public let sessionID: [UInt8]
    /// The chosen cipher suite.
    public let cipherSuite: UInt16
    /// The chosen compression method.
    public let compressionMethod: UInt8
    /// All extensions in wire order.
    public let extensions: [TLSExtension]
    /// The version from supported_versions (TLS 1.3), if present.
    public let selectedVersion: UInt16?
    /// The key_share group: the server's share, or in a HelloRetryRequest the group it asks for.
    public let keyShareGroup: UInt16?
    /// The chosen ALPN protocol, raw (TLS 1.2 carries it here; TLS 1.3 in EncryptedExtensions).
    public let alpnProtocolBytes: [UInt8]?

    /// Decodes a ServerHello body.
    init(body reader: inout ByteReader) throws(TLSParseError) {
        legacyVersion = try reader.u16("ServerHello.legacy_version")
        random = try reader.bytes(32, "ServerHello.random")
        sessionID = try reader.vectorBytes("ServerHello.session_id", prefix: .oneByte)
        cipherSuite = try reader.u16("ServerHello.cipher_suite")
        compressionMethod = try reader.u8("ServerHello.compression_method")
        let block = try ExtensionBlock(from: &reader, "ServerHello.extensions", optional: true)
        extensions = block.extensions
        selectedVersion = try block.decode(ExtensionType.supportedVersions, ExtensionDecoders.selectedVersion)
        keyShareGroup = try block.decode(ExtensionType.keyShare, ExtensionDecoders.selectedKeyShare)
        alpnProtocolBytes = try block.decode(ExtensionType.alpn, ExtensionDecoders.alpn)?.first
    }

    /// Whether this is a HelloRetryRequest (recognised by its special random).
    public var isHelloRetryRequest: Bool { random == Self.helloRetryRequestRandom }

    /// The negotiated version: supported_versions when present, else `legacyVersion`.
    public var version: UInt16 { selectedVersion ?? legacyVersion }

    /// The chosen ALPN protocol as text.
    public var alpnProtocol: String? {
        alpnProtocolBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the session id echoes the client's (TLS 1.3 compatibility mode, or TLS 1.2 resumption).
    public func echoesSessionID(of clientHello: ClientHello) -> Bool {
        !sessionID.isEmpty && sessionID == clientHello.sessionID
    }

    /// The salient fields, in the order records and the console show them.
    public func summary() -> Summary {
        var fields: Summary = [
            ("version", .string(NameTable.protocolVersions.name(version))),
            ("cipher", .string(NameTable.cipherSuites.name(cipherSuite))),
        ]
        if let keyShareGroup { fields.append(("group", .string(NameTable.namedGroups.name(keyShareGroup)))) }
        if let alpnProtocol { fields.append(("alpn", .string(alpnProtocol))) }
        fields += [
            ("hello_retry_request", .bool(isHelloRetryRequest)),
            ("random", .string(Hex.string(random))),
            ("session_id", .string(Hex.string(sessionID))),
            ("compression", .string(NameTable.compressionMethods.name(compressionMethod))),
            ("ja3s", .string(ja3s)),
            ("ja4s", .string(ja4s)),
            ("extensions", .strings(extensions.map(\.name))),
        ]
        return fields
    }
}
