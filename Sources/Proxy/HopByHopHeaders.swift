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

    /// Removes the fixed hop-by-hop fields and every field the `Connection` header lists.
    static func remove(from headers: inout HTTPHeaders) {
        let listed = headers[canonicalForm: "connection"].map { $0.lowercased() }
        for name in names + listed { headers.remove(name: name) }
    }
}
