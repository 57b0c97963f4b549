/// Code points of the extensions this module decodes (names for all live in `NameTable.extensionTypes`).
enum ExtensionType {
    static let serverName: UInt16 = 0x0000
    static let supportedGroups: UInt16 = 0x000A
    static let ecPointFormats: UInt16 = 0x000B
    static let signatureAlgorithms: UInt16 = 0x000D
    static let alpn: UInt16 = 0x0010
    static let sessionTicket: UInt16 = 0x0023
    static let preSharedKey: UInt16 = 0x0029
    static let earlyData: UInt16 = 0x002A
    static let supportedVersions: UInt16 = 0x002B
    static let pskKeyExchangeModes: UInt16 = 0x002D
    static let keyShare: UInt16 = 0x0033
    static let encryptedClientHello: UInt16 = 0xFE0D
}
