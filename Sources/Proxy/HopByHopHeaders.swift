import NIOHTTP1

/// Connection-specific header fields that a proxy must not forward (RFC 9110 §7.6.1).
enum HopByHopHeaders {
    /// Always connection-specific, whether or not `Connection` names them. `Transfer-Encoding` is
    /// here because NIO re-frames each leg; `Upgrade` because only a switch the client asked for
    /// may pass, and `ProtocolUpgrade` re-adds it then.
    static let names: [String] = [
        "connection", "proxy-connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
        "proxy-authorization", "proxy-authenticate",
    ]

    /// Removes the fixed hop-by-hop fields and every field the `Connection` header lists. Headers
    /// without a fixed one (so without `Connection` either) are left as they are, after one scan.
    static func remove(from headers: inout HTTPHeaders) {
        guard headers.contains(where: { isFixed($0.name) }) else { return }
        let listed = headers["connection"].flatMap { $0.utf8.split(separator: UInt8(ascii: ",")) }.map(trimmed)
        var kept: [(String, String)] = []
        kept.reserveCapacity(headers.count)
        for (name, value) in headers where !isFixed(name) && !listed.contains(where: { sameName($0, name.utf8) }) {
            kept.append((name, value))
        }
        headers = HTTPHeaders(kept)
    }

    private static func isFixed(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in fixedNames.contains { sameName($0, bytes) } }
    }

    /// `names` as bytes, compared against each field name's contiguous UTF-8.
    private static let fixedNames = names.map { Array($0.utf8) }

    /// Field names compare ASCII-case-insensitively.
    private static func sameName(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    /// A list element without the optional whitespace around it (RFC 9110 §5.6.1).
    private static func trimmed(_ element: Substring.UTF8View) -> Substring.UTF8View {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = element.firstIndex(where: { !isSpace($0) }), let last = element.lastIndex(where: { !isSpace($0) })
        else { return element[element.endIndex...] }
        return element[first...last]
    }
}
