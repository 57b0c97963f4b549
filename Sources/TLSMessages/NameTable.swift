/// Maps registry code points to their names; unknown values print as hex (`0xC0FF`) so nothing is hidden.
public struct NameTable: Sendable {
    private let names: [UInt16: String]
    /// Byte-wide registries (alerts, point formats) print unknown values with two hex digits.
    private let hexDigits: Int
    /// Only 16-bit registries that RFC 8701 reserves values in show GREASE.
    private let showsGREASE: Bool

    init(_ names: [UInt16: String], hexDigits: Int = 4, showsGREASE: Bool = false) {
        self.names = names
        self.hexDigits = hexDigits
        self.showsGREASE = showsGREASE
    }

    /// The registered name of `value`, `"GREASE"` for a GREASE value, else its hex code point.
    /// Generic so byte-wide (`UInt8`) and 16-bit code points read the same at call sites.
    public func name<Code: BinaryInteger>(_ value: Code) -> String {
        guard let code = UInt16(exactly: value) else { return "0x" + String(value, radix: 16, uppercase: true) }
        if let name = names[code] { return name }
        if showsGREASE && GREASE.matches(code) { return "GREASE" }
        return Self.hex(code, digits: hexDigits)
    }

    /// The names of `values`, in order.
    public func names<Code: BinaryInteger>(_ values: [Code]) -> [String] {
        values.map { name($0) }
    }

    /// `0x` and the uppercase hex digits of `value`, zero-padded to `digits`.
    static func hex(_ value: UInt16, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
