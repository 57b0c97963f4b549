/// One `--allow-ports` / `--deny-ports` entry: a port (`443`) or an inclusive range (`8000-8999`).
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
    public let lower: Int
    public let upper: Int

    /// Parses `PORT` or `LOW-HIGH` (1–65535, LOW ≤ HIGH, digits only).
    public init(_ text: String) throws(PortRangeError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { throw PortRangeError(text: text) }
        var bounds: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 5, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let port = Int(part), (1...65535).contains(port) else { throw PortRangeError(text: text) }
            bounds.append(port)
        }
        guard bounds[0] <= bounds[bounds.count - 1] else { throw PortRangeError(text: text) }
        lower = bounds[0]
        upper = bounds[bounds.count - 1]
    }

    public func contains(_ port: Int) -> Bool { (lower...upper).contains(port) }

    public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }
}

/// A port list entry that is not `PORT` or `LOW-HIGH` within 1–65535.
public struct PortRangeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The value as given.
    public let text: String

    public var description: String {
        "invalid port or range '\(text)': expected PORT or LOW-HIGH within 1-65535, e.g. 443 or 8000-8999"
    }
}
