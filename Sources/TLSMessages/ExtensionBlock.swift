/// An extensions vector, read once; keeps a reader per extension so decoding errors point at the
/// right offset in the message.
struct ExtensionBlock {
    private let entries: [(type: UInt16, contents: ByteReader)]

    /// The extensions in wire order.
    let extensions: [TLSExtension]

    /// Reads a `u16`-prefixed extensions vector, or none when `optional` and the message ends here
    /// (hellos may omit the block entirely).
    init(from reader: inout ByteReader, _ field: String, optional: Bool = false) throws(TLSParseError) {
        guard !(optional && reader.isAtEnd) else {
            entries = []
            extensions = []
            return
        }
        var block = try reader.vector(field, prefix: .twoBytes)
        entries = try block.elements(field) { entry throws(TLSParseError) in
            let type = try entry.u16("\(field).type")
            let name = NameTable.extensionTypes.name(type)
            return (type, try entry.vector("\(field).\(name)", prefix: .twoBytes))
        }
        extensions = entries.map { entry in
            var contents = entry.contents
            return TLSExtension(type: entry.type, data: contents.rest())
        }
    }

    /// Decodes the first extension of `type` with `decode`, which must consume it exactly; nil when absent.
    func decode<Value>(
        _ type: UInt16, _ decode: (inout ByteReader, String) throws(TLSParseError) -> Value
    ) throws(TLSParseError) -> Value? {
        guard var contents = entries.first(where: { $0.type == type })?.contents else { return nil }
        let field = "extension.\(NameTable.extensionTypes.name(type))"
        let value = try decode(&contents, field)
        try contents.expectEnd(field)
        return value
    }
}
