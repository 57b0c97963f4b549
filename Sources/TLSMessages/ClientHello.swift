/// The client's opening message (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2), with the extensions tlspeek
/// shows decoded.
public struct ClientHello: Equatable, Sendable {
    /// `legacy_version` (0x0303 for TLS 1.2 and 1.3 clients; the real offer is in `supportedVersions`).
    public let legacyVersion: UInt16
    /// The 32-byte client random (the key log's CLIENT_RANDOM).
    public let random: [UInt8]
    /// The legacy session id (TLS 1.3 clients send a random one for middlebox compatibility).
    public let sessionID: [UInt8]
    /// Offered cipher suites, in the client's order, GREASE included.
    public let cipherSuites: [UInt16]
    /// Offered compression methods.
    public let compressionMethods: [UInt8]
    /// All extensions in wire order.
    public let extensions: [TLSExtension]
    /// The host_name from server_name (SNI), if any.
    public let serverName: String?
    /// The offered ALPN protocols (raw bytes, JA4 needs them unaltered).
    public let alpnProtocolBytes: [[UInt8]]
    /// supported_versions, in order.
    public let supportedVersions: [UInt16]
    /// supported_groups, in order.
    public let supportedGroups: [UInt16]
    /// ec_point_formats.
    public let ecPointFormats: [UInt8]
    /// signature_algorithms, in order.
    public let signatureAlgorithms: [UInt16]
    /// The groups of the key_share entries, in order.
    public let keyShareGroups: [UInt16]
    /// psk_key_exchange_modes.
    public let pskKeyExchangeModes: [UInt8]

    /// Decodes a ClientHello body.
    init(body reader: inout ByteReader) throws(TLSParseError) {
        legacyVersion = try reader.u16("ClientHello.legacy_version")
        random = try reader.bytes(32, "ClientHello.random")
        sessionID = try reader.vectorBytes("ClientHello.session_id", prefix: .oneByte)
        cipherSuites = try reader.u16List("ClientHello.cipher_suites", prefix: .twoBytes)
        compressionMethods = try reader.vectorBytes("ClientHello.compression_methods", prefix: .oneByte)
        let block = try ExtensionBlock(from: &reader, "ClientHello.extensions", optional: true)
        extensions = block.extensions
        serverName = try block.decode(ExtensionType.serverName, ExtensionDecoders.serverName) ?? nil
        alpnProtocolBytes = try block.decode(ExtensionType.alpn, ExtensionDecoders.alpn) ?? []
        supportedVersions = try block.decode(ExtensionType.supportedVersions, ExtensionDecoders.offeredVersions) ?? []
        supportedGroups = try block.decode(ExtensionType.supportedGroups, ExtensionDecoders.codePoints) ?? []
        ecPointFormats = try block.decode(ExtensionType.ecPointFormats, ExtensionDecoders.byteCodes) ?? []
        signatureAlgorithms = try block.decode(ExtensionType.signatureAlgorithms, ExtensionDecoders.codePoints) ?? []
        keyShareGroups = try block.decode(ExtensionType.keyShare, ExtensionDecoders.offeredKeyShares) ?? []
        pskKeyExchangeModes = try block.decode(ExtensionType.pskKeyExchangeModes, ExtensionDecoders.byteCodes) ?? []
    }

    /// The offered ALPN protocols as text.
    public var alpnProtocols: [String] {
        alpnProtocolBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The highest version offered: the top of supported_versions (GREASE ignored), else `legacyVersion`.
    public var highestVersion: UInt16 {
        GREASE.removed(from: supportedVersions).max() ?? legacyVersion
    }

    /// Whether the client offers session tickets (the session_ticket extension).
    public var offersSessionTicket: Bool { hasExtension(ExtensionType.sessionTicket) }

    /// Whether the client offers a pre-shared key (resumption).
    public var offersPreSharedKey: Bool { hasExtension(ExtensionType.preSharedKey) }

    /// Whether the client wants to send early data.
    public var offersEarlyData: Bool { hasExtension(ExtensionType.earlyData) }

    /// Whether the hello carries encrypted_client_hello (ECH, 0xfe0d).
    public var offersEncryptedClientHello: Bool { hasExtension(ExtensionType.encryptedClientHello) }

    /// Whether any list carries GREASE values (Chromium-family clients do).
    public var containsGREASE: Bool {
        let lists = [cipherSuites, extensions.map(\.type), supportedVersions, supportedGroups,
                     signatureAlgorithms, keyShareGroups]
        return lists.contains { $0.contains(where: GREASE.matches) }
    }

    /// Whether an extension of `type` is present.
    public func hasExtension(_ type: UInt16) -> Bool {
        extensions.contains { $0.type == type }
    }

    /// The salient fields, in the order records and the console show them.
    public func summary() -> Summary {
        var fields: Summary = [
            ("versions", .strings(NameTable.protocolVersions.names(
                supportedVersions.isEmpty ? [legacyVersion] : supportedVersions))),
            ("cipher_suites", .strings(NameTable.cipherSuites.names(cipherSuites))),
        ]
        if let serverName { fields.append(("sni", .string(serverName))) }
        fields += [
            ("alpn", .strings(alpnProtocols)),
            ("groups", .strings(NameTable.namedGroups.names(supportedGroups))),
            ("signature_algorithms", .strings(NameTable.signatureSchemes.names(signatureAlgorithms))),
            ("key_shares", .strings(NameTable.namedGroups.names(keyShareGroups))),
            ("psk_modes", .strings(NameTable.pskKeyExchangeModes.names(pskKeyExchangeModes))),
            ("ec_point_formats", .strings(NameTable.ecPointFormats.names(ecPointFormats))),
            ("session_ticket", .bool(offersSessionTicket)),
            ("pre_shared_key", .bool(offersPreSharedKey)),
            ("early_data", .bool(offersEarlyData)),
            ("ech", .bool(offersEncryptedClientHello)),
            ("grease", .bool(containsGREASE)),
            ("random", .string(Hex.string(random))),
            ("session_id", .string(Hex.string(sessionID))),
            ("ja3", .string(ja3)),
            ("ja4", .string(ja4)),
            ("extensions", .strings(extensions.map(\.name))),
        ]
        return fields
    }
}
