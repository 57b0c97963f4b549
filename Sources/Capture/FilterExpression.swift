/// A parsed display filter (`--filter`): terms joined by `not`, `and`, `or`.
///
/// Grammar (keywords are case-insensitive; `not` binds tighter than `and`, `and` tighter than `or`;
/// terms side by side are joined by an implicit `and`, as in mitmproxy):
///
///     expression := or
///     or         := and { "or" and }
///     and        := unary { ["and"] unary }
///     unary      := "not" unary | "(" expression ")" | term
///     term       := NAME ":" VALUE          NAME: host path method status type tls
///     VALUE      := characters up to a space or parenthesis | "double-quoted, \" and \\ escaped"
///
/// What each term matches is described on `FilterTerm`. The filter decides what is shown, never
/// what is intercepted; see `FilteringSink` for which records bypass it.
public indirect enum FilterExpression: Equatable, Sendable, CustomStringConvertible {
    case term(FilterTerm)
    case not(FilterExpression)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)

    /// Parses `text`; a `FilterError` names the column where parsing stopped.
    public init(parsing text: String) throws(FilterError) {
        var parser = try FilterParser(text)
        self = try parser.parse()
    }

    public func matches(_ record: Record) -> Bool {
        switch self {
        case .term(let term): return term.matches(record)
        case .not(let operand): return !operand.matches(record)
        case .and(let left, let right): return left.matches(record) && right.matches(record)
        case .or(let left, let right): return left.matches(record) || right.matches(record)
        }
    }

    /// The filter as tlspeek understood it, with explicit `and` and parentheses wherever `and`
    /// and `or` mix, so users can check the precedence; parsing it gives the same expression.
    public var description: String {
        switch self {
        case .term(let term):
            return term.kind.rawValue + ":" + Self.quotedIfNeeded(term.value)
        case .not(let operand):
            if case .term = operand { return "not \(operand)" }
            if case .not = operand { return "not \(operand)" }
            return "not (\(operand))"
        case .and(let left, let right):
            return [left, right].map { if case .or = $0 { "(\($0))" } else { $0.description } }.joined(separator: " and ")
        case .or(let left, let right):
            return [left, right].map { if case .and = $0 { "(\($0))" } else { $0.description } }.joined(separator: " or ")
        }
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        guard value.contains(where: { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "\"" }) else { return value }
        var quoted = "\""
        for character in value {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
