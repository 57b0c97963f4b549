import Foundation

/// The query of a URL as HAR's `queryString`: name/value pairs in order, percent- and `+`-decoded.
enum QueryString {
    static func parameters(of url: String) -> [JSON] {
        let withoutFragment = url.prefix { $0 != "#" }
        guard let question = withoutFragment.firstIndex(of: "?") else { return [] }
        return withoutFragment[withoutFragment.index(after: question)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? decode(parts[1]) : ""
            return .object([("name", .string(decode(parts[0]))), ("value", .string(value))])
        }
    }

    /// Undoes form encoding; text that is not valid percent-encoding stays as it was.
    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
