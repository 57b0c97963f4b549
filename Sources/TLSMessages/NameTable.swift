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
    public func name(_ value: UInt16) -> String {
        if let name = names[value] { return name }
        if showsGREASE && GREASE.matches(value) { return "GREASE" }
        return Self.hex(value, digits: hexDigits)
    }

    /// The registered name of a byte-wide `value`.
    public func name(_ value: UInt8) -> String {
        name(UInt16(value))
    }

    /// The names of `values`, in order.
    public func names(_ values: [UInt16]) -> [String] {
        values.map(name)
    }

    /// The names of byte-wide `values`, in order.
    public func names(_ values: [UInt8]) -> [String] {
        values.map(name)
    }

    /// `0x` and the uppercase hex digits of `value`, zero-padded to `digits`.
    static func hex(_ value: UInt16, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
