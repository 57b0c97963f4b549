/// Shell-style `*` / `?` matching, the one glob implementation behind host patterns
/// (`--allow-hosts`, `--ignore-hosts`, `--keylog-hosts`) and the display filter's `host:` and
/// `path:` terms. `*` matches any run of characters (dots and slashes included), `?` exactly one;
/// every other character matches itself, case-sensitively (callers normalise case first).
/// The whole text must match: `example.com` does not match `www.example.com`.
public enum Glob {
    /// True when `text` matches `pattern` from start to end. Backtracks only to the last star,
    /// so it is linear in practice.
    public static func matches(_ pattern: some StringProtocol, _ text: some StringProtocol) -> Bool {
        let pattern = Array(pattern.unicodeScalars), text = Array(text.unicodeScalars)
        var p = 0, t = 0
        var lastStar: (pattern: Int, text: Int)?
        while t < text.count {
            if p < pattern.count, pattern[p] != "*", pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                lastStar = (p, t)
                p += 1
            } else if let resume = lastStar {
                // Let the last star swallow one more character and retry from there.
                lastStar = (resume.pattern, resume.text + 1)
                p = resume.pattern + 1
                t = resume.text + 1
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
