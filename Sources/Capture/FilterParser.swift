/// Recursive-descent parser for the display filter grammar documented on `FilterExpression`.
struct FilterParser {
    private let text: String
    private let tokens: [FilterToken]
    private var position = 0

    init(_ text: String) throws(FilterError) {
        self.text = text
        var lexer = FilterLexer(text)
        tokens = try lexer.tokens()
    }

    mutating func parse() throws(FilterError) -> FilterExpression {
        let expression = try or()
        guard case .end = current.kind else { throw fail("unexpected \(Self.name(of: current.kind))", at: current.column) }
        return expression
    }

    private var current: FilterToken { tokens[position] }

    private mutating func or() throws(FilterError) -> FilterExpression {
        var expression = try and()
        while current.kind == .or {
            position += 1
            expression = .or(expression, try and())
        }
        return expression
    }

    private mutating func and() throws(FilterError) -> FilterExpression {
        var expression = try unary()
        while true {
            switch current.kind {
            case .and:
                position += 1
            case .not, .open, .term:
                // Side by side means `and`, as in mitmproxy.
                break
            case .or, .close, .end:
                return expression
            }
            expression = .and(expression, try unary())
        }
    }

    private mutating func unary() throws(FilterError) -> FilterExpression {
        let token = current
        switch token.kind {
        case .not:
            position += 1
            return .not(try unary())
        case .open:
            position += 1
            let inner = try or()
            guard current.kind == .close else {
                throw fail("expected `)` to close the `(` at column \(token.column)", at: current.column)
            }
            position += 1
            return inner
        case .term(let name, let value, let valueColumn):
            position += 1
            guard let kind = FilterTerm.Kind(rawValue: name.lowercased()) else {
                let names = FilterTerm.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("unknown term `\(name):` (terms: \(names))", at: token.column)
            }
            guard let term = FilterTerm(kind: kind, value: value) else {
                let got = value.isEmpty ? "nothing" : "`\(value)`"
                throw fail("`\(kind.rawValue):` needs \(kind.expectedValue), got \(got)", at: valueColumn)
            }
            return .term(term)
        case .close, .and, .or, .end:
            throw fail(token.kind == .end ? "expected a term" : "expected a term, got \(Self.name(of: token.kind))",
                       at: token.column)
        }
    }

    private static func name(of kind: FilterToken.Kind) -> String {
        switch kind {
        case .open: return "`(`"
        case .close: return "`)`"
        case .and: return "`and`"
        case .or: return "`or`"
        case .not: return "`not`"
        case .term(let name, let value, _): return "`\(name):\(value)`"
        case .end: return "end of filter"
        }
    }

    private func fail(_ message: String, at column: Int) -> FilterError {
        FilterError(expression: text, message: message, column: column)
    }
}
