/// Hex formatting for randoms, session ids, fingerprints and key log lines (used by TLS too).
public enum Hex {
    private static let lower = Array("0123456789abcdef".utf8)
    private static let upper = Array("0123456789ABCDEF".utf8)

    public static func byte(_ value: UInt8, uppercase: Bool = false) -> String {
        let digits = uppercase ? upper : lower
        return String(decoding: [digits[Int(value >> 4)], digits[Int(value & 0x0f)]], as: UTF8.self)
    }

    public static func string<Bytes: Sequence>(_ bytes: Bytes, uppercase: Bool = false) -> String where Bytes.Element == UInt8 {
        let digits = uppercase ? upper : lower
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for value in bytes {
            out.append(digits[Int(value >> 4)])
            out.append(digits[Int(value & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
