/// One extension as it appeared in a hello, EncryptedExtensions, certificate entry or ticket.
public struct TLSExtension: Equatable, Sendable {
    /// The extension type code point.
    public let type: UInt16
    /// The extension's contents, undecoded.
    public let data: [UInt8]

    /// Creates an extension.
    public init(type: UInt16, data: [UInt8]) {
        self.type = type
        self.data = data
    }

    /// The registered name, e.g. `server_name`, `"GREASE"`, or the hex code point.
    public var name: String { NameTable.extensionTypes.name(type) }
}
