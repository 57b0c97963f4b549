/// A message's salient fields as ordered key/value pairs, simple enough for the recorder to turn into
/// JSON and the console to print, without this module depending on either.
public typealias Summary = [(key: String, value: SummaryValue)]

/// One value of a `Summary`.
public indirect enum SummaryValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([SummaryValue])
    case fields([SummaryField])

    /// A list of strings, the most common shape (names of suites, groups, extensions).
    public static func strings(_ values: [String]) -> SummaryValue {
        .list(values.map(SummaryValue.string))
    }
}

/// A key/value pair inside a nested `SummaryValue.fields` (tuples are not `Equatable`).
public struct SummaryField: Equatable, Sendable {
    public let key: String
    public let value: SummaryValue

    /// Creates a field.
    public init(_ key: String, _ value: SummaryValue) {
        self.key = key
        self.value = value
    }
}
