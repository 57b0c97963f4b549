/// Decides per CONNECT target whether TLS is intercepted or tunnelled untouched.
///
/// `--ignore-hosts` wins over `--allow-hosts`; an empty allow list allows every host.
public struct HostFilter: Sendable {
    /// What to do with a connection, and why when it is left alone.
    public enum Decision: Hashable, Sendable {
        case intercept
        case passthrough(reason: String)
    }

    /// `--allow-hosts`: when non-empty, only matching hosts are intercepted.
    public var allow: [HostPattern]
    /// `--ignore-hosts`: matching hosts are never intercepted.
    public var ignore: [HostPattern]

    /// A filter from parsed patterns; the default intercepts everything.
    public init(allow: [HostPattern] = [], ignore: [HostPattern] = []) {
        self.allow = allow
        self.ignore = ignore
    }

    /// A filter from pattern strings; throws `HostPatternError` for the first invalid one.
    public init(allow: [String], ignore: [String]) throws(HostPatternError) {
        var allowPatterns: [HostPattern] = []
        for text in allow { allowPatterns.append(try HostPattern(text)) }
        var ignorePatterns: [HostPattern] = []
        for text in ignore { ignorePatterns.append(try HostPattern(text)) }
        self.init(allow: allowPatterns, ignore: ignorePatterns)
    }

    /// Whether a connection to `host:port` should be intercepted.
    public func shouldIntercept(host: String, port: Int) -> Decision {
        if let pattern = ignore.first(where: { $0.matches(host: host, port: port) }) {
            return .passthrough(reason: "matches --ignore-hosts '\(pattern)'")
        }
        if !allow.isEmpty, !allow.contains(where: { $0.matches(host: host, port: port) }) {
            return .passthrough(reason: "not matched by --allow-hosts")
        }
        return .intercept
    }
}
