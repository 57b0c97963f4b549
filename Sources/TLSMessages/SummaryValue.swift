/// A message's salient fields as ordered key/value pairs, simple enough for the recorder to turn into
/// JSON and the console to print, without this module depending on either.
public typealias Summary = [(key: String, value: SummaryValue)]

/// One value of a `Summary`.
public indirect enum SummaryValue: Equatable, Sendable {
    /// Text: a name, a hex string, a fingerprint.
    case string(String)
    /// A count or a length.
    case int(Int)
    /// A flag, e.g. whether a hello offers session tickets.
    case bool(Bool)
    /// An ordered list (of names, of lengths, or of further lists).
    case list([SummaryValue])

    /// A list of strings, the most common shape (names of suites, groups, extensions).
    public static func strings(_ values: [String]) -> SummaryValue {
        .list(values.map(SummaryValue.string))
    }
}
