import NIOHTTP1

/// The two header fields of an HTTP/1.1 protocol switch (RFC 9110 §7.8). Both are hop-by-hop, so
/// `HopByHopHeaders` strips them; the relay puts them back on each leg when a switch is under way.
enum ProtocolUpgrade {
    /// The `Upgrade` value of a message whose `Connection` header lists `upgrade`, else nil.
    static func requested(in headers: HTTPHeaders) -> String? {
        let listed = headers[canonicalForm: "connection"].contains { $0.lowercased() == "upgrade" }
        guard listed, let protocols = headers.first(name: "upgrade"), !protocols.isEmpty else { return nil }
        return protocols
    }

    /// Adds `Connection: upgrade` and `Upgrade: protocols` to hop-by-hop-free headers.
    static func announce(_ protocols: String, in headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: "connection", value: "upgrade")
        headers.replaceOrAdd(name: "upgrade", value: protocols)
    }
}
