/// The host and path of an absolute URL as `http` records carry it (`https://host:port/path?query`).
/// A hand-rolled split rather than Foundation's `URL`, which rejects some URLs a client may send.
struct URLParts: Equatable {
    /// Normalised (see `HostName`), without port or user info.
    let host: String
    /// The path without query and fragment; `/` when the URL has none.
    let path: String

    init?(_ url: String) {
        guard let separator = url.range(of: "://") else { return nil }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            authority = authority[...close]
        } else if let colon = authority.lastIndex(of: ":") {
            authority = authority[..<colon]
        }
        let tail = rest[authorityEnd...]
        let path = tail.prefix(while: { $0 != "?" && $0 != "#" })
        host = HostName.normalise(authority)
        self.path = path.isEmpty ? "/" : String(path)
    }
}
