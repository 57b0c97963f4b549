/// GREASE (RFC 8701): reserved values clients sprinkle into lists so servers keep tolerating unknown ones.
public enum GREASE {
    /// Whether `value` is one of the sixteen 0x?A?A values with equal bytes (0x0A0A, 0x1A1A, … 0xFAFA).
    public static func matches(_ value: UInt16) -> Bool {
        value & 0x0F0F == 0x0A0A && value >> 8 == value & 0xFF
    }

    /// `values` with the GREASE entries left out, as fingerprints require.
    static func removed(from values: [UInt16]) -> [UInt16] {
        values.filter { !matches($0) }
    }
}
