import NIOHTTP1

/// RFC 9112 §3.2.2: with an absolute-form target (`GET scheme://authority/…`) the target's
/// authority wins over any `Host` field, and a proxy must send a `Host` made from it. Doing this
/// before routing keeps `Host` and the URL from ever telling the origin two different things.
enum AbsoluteFormHost {
    /// Replaces `Host` by the authority of an absolute-form target (userinfo dropped); other targets
    /// stay. Whether it replaced it.
    @discardableResult
    static func apply(to head: inout HTTPRequestHead) -> Bool {
        guard let authority = authority(of: head.uri) else { return false }
        head.headers.replaceOrAdd(name: "host", value: authority)
        return true
    }

    /// The authority of `scheme://authority[/?#…]`, nil for origin-form, authority-form and `*`.
    static func authority(of target: String) -> String? {
        guard target.utf8.first != UInt8(ascii: "/"), let separator = target.range(of: "://"),
              let first = target.unicodeScalars.first, first.properties.isAlphabetic,
              target[..<separator.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        else { return nil }
        let rest = target[separator.upperBound...]
        var authority = rest[..<(rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex)]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return authority.isEmpty ? nil : String(authority)
    }
}
