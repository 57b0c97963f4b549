/// An `http://authority/path?query` request target (absolute-form, RFC 9112 §3.2.2).
struct AbsoluteURL: Equatable {
    /// Where to connect (default port 80).
    let origin: ConnectTarget
    /// The authority without userinfo, as the `Host` header value.
    let hostHeader: String
    /// The origin-form target: path (at least "/") and query.
    let pathAndQuery: String
    /// The URL as normalised for records: `http://` + host header + path and query.
    var text: String { "http://\(hostHeader)\(pathAndQuery)" }

    /// Parses an `http://` URL; nil for other schemes, origin-form targets and malformed authorities.
    init?(_ uri: String) {
        // Origin-form (the common case inside tunnels) is settled without a substring search.
        guard uri.utf8.first != UInt8(ascii: "/"), let schemeEnd = uri.range(of: "://"),
              uri[..<schemeEnd.lowerBound].lowercased() == "http"
        else { return nil }
        let rest = uri[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard let origin = ConnectTarget(authority: authority, defaultPort: 80) else { return nil }
        var path = rest[authorityEnd...]
        if let fragment = path.firstIndex(of: "#") { path = path[..<fragment] }
        self.origin = origin
        self.hostHeader = String(authority)
        self.pathAndQuery = path.hasPrefix("/") ? String(path) : "/" + path
    }
}
