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

    /// Removes the fixed hop-by-hop fields and every field the `Connection` header lists, in one
    /// pass over the fields; headers without any are left as they are (not even copied).
    static func remove(from headers: inout HTTPHeaders) {
        let listed = headers[canonicalForm: "connection"]
        func isHopByHop(_ name: String) -> Bool {
            names.contains { sameName($0, name) } || listed.contains { sameName($0, name) }
        }
        guard headers.contains(where: { isHopByHop($0.name) }) else { return }
        headers = HTTPHeaders(headers.filter { !isHopByHop($0.name) }.map { ($0.name, $0.value) })
    }

    /// Field names compare ASCII-case-insensitively.
    private static func sameName(_ a: some StringProtocol, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
