import Proxy

/// Input: patterns, one a line. A pattern that parses keeps the user's text, has a host, matches
/// without trapping, and a pattern without wildcards matches the host it names; `--ignore-hosts`
/// wins over `--allow-hosts`.
enum HostPatternCheck {
    private static let hosts = ["example.com", "www.example.com", "::1", "10.0.0.7", String(repeating: "a", count: 200), ""]

    static func check(_ input: [UInt8]) throws(InvariantViolation) {
        let lines = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var patterns: [HostPattern] = []
        for text in lines {
            guard let pattern = try? HostPattern(text) else { continue }
            try check(pattern, parsedFrom: text)
            patterns.append(pattern)
        }
        let filter = HostFilter(allow: patterns, ignore: patterns)
        for host in hosts + lines where patterns.contains(where: { $0.matches(host: host, port: 443) }) {
            guard filter.shouldIntercept(host: host, port: 443) != .intercept else {
                throw InvariantViolation("\(host.debugDescription) is intercepted although an --ignore-hosts pattern matches it")
            }
        }
    }

    private static func check(_ pattern: HostPattern, parsedFrom text: String) throws(InvariantViolation) {
        guard pattern.description == text else {
            throw InvariantViolation("\(text.debugDescription) prints as \(pattern.description.debugDescription)")
        }
        guard !pattern.hostGlob.isEmpty else { throw InvariantViolation("\(text.debugDescription) has an empty host") }
        for host in hosts + [text] { _ = pattern.matches(host: host, port: 443) }
        if !pattern.hostGlob.contains(where: { $0 == "*" || $0 == "?" }),
           !pattern.matches(host: pattern.hostGlob, port: pattern.port ?? 443) {
            throw InvariantViolation("\(text.debugDescription) does not match its own host \(pattern.hostGlob.debugDescription)")
        }
    }
}
