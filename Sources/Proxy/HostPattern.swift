import Capture
import TLS

/// A host pattern as given to `--allow-hosts` / `--ignore-hosts` / `--keylog-hosts`: `HOST` or `HOST:PORT`.
///
/// Matching rule:
/// - `HOST` is a shell-style glob compared case-insensitively: `*` matches any run of characters,
///   *including dots* (`*.example.com` matches `a.b.example.com`), `?` matches exactly one character;
///   every other character matches itself. There are no character classes.
/// - `*.example.com` does NOT match `example.com` itself: list both to cover a domain and its subdomains.
/// - Without `:PORT` the pattern matches every port; with it, only that port (1–65535).
/// - A trailing dot on a host name is ignored (`example.com.` ≡ `example.com`).
/// - IP literals compare as text after normalisation: IPv6 is written `[::1]` or `[::1]:443`
///   (`[::1]` ≡ `::1` ≡ `[0:0::1]`), IPv4 as dotted quads (`10.0.0.*` matches `10.0.0.7`).
/// - `*` alone matches every host.
public struct HostPattern: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as the user wrote it.
    public let description: String
    /// The normalised host glob (lowercase, no brackets, no trailing dot).
    public let hostGlob: String
    /// The port the pattern is restricted to, or nil for every port.
    public let port: Int?

    /// Parses `text`; throws a `HostPatternError` that names the pattern and what is wrong with it.
    public init(_ text: String) throws(HostPatternError) {
        func fail(_ reason: String) -> HostPatternError { HostPatternError(pattern: text, reason: reason) }
        guard !text.isEmpty else { throw fail("the pattern is empty") }
        let (host, portText) = try Self.split(text, fail: fail)
        if let portText {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText), (1...65535).contains(port) else {
                throw fail("'\(portText)' is not a port number (1-65535)")
            }
            self.port = port
        } else {
            self.port = nil
        }
        let glob = Self.normalise(host: host)
        guard !glob.isEmpty else { throw fail("the host part is empty") }
        // Only one trailing dot is dropped; another would be an empty label no host can match.
        guard !glob.hasSuffix(".") else { throw fail("the host ends with an empty label") }
        if let bad = glob.unicodeScalars.first(where: { !Self.allowed.contains($0) }) {
            throw fail("'\(bad)' is not allowed in a host (use letters, digits, '-', '.', '_', ':', '*', '?')")
        }
        self.hostGlob = glob
        self.description = text
    }

    /// True when `host` (a name or IP literal, brackets optional) and `port` match this pattern.
    public func matches(host: String, port: Int) -> Bool {
        if let own = self.port, own != port { return false }
        return Glob.matches(hostGlob, Self.normalise(host: host))
    }

    /// Splits `HOST[:PORT]`, where an IPv6 host is bracketed (a bare IPv6 literal has no port).
    private static func split(_ text: String, fail: (String) -> HostPatternError) throws(HostPatternError)
        -> (host: Substring, port: Substring?)
    {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw fail("'[' without a closing ']'") }
            let host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (host, nil) }
            guard rest.hasPrefix(":") else { throw fail("expected ':PORT' after ']'") }
            return (host, rest.dropFirst())
        }
        if text.count(where: { $0 == ":" }) == 1, let colon = text.firstIndex(of: ":") {
            return (text[..<colon], text[text.index(after: colon)...])
        }
        return (Substring(text), nil)
    }

    /// Lowercases, drops brackets and one trailing dot, and prints IP literals canonically.
    static func normalise(host: some StringProtocol) -> String {
        let host = HostName.normalise(host)
        return IPAddress(host)?.description ?? host
    }

    private static let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-._:*?%".unicodeScalars)
}

/// Why a host pattern was rejected.
public struct HostPatternError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// What is wrong with it.
    public let reason: String

    public var description: String { "invalid host pattern '\(pattern)': \(reason)" }
}
