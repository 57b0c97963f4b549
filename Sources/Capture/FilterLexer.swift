/// One token of a display filter, with the 1-based column where it starts.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        case open, close, and, or, not
        /// `name:value`, the value unquoted; `valueColumn` is where the value (or its quote) starts.
        case term(name: String, value: String, valueColumn: Int)
        case end
    }

    let kind: Kind
    let column: Int
}

/// Splits a display filter into tokens. A word followed by `:` starts a term whose value runs to
/// the next space or parenthesis, or is a double-quoted string; any other word must be `and`,
/// `or` or `not` (in any case).
struct FilterLexer {
    private let text: String
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        self.text = text
        characters = Array(text)
    }

    mutating func tokens() throws(FilterError) -> [FilterToken] {
        var tokens: [FilterToken] = []
        while true {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            let column = index + 1
            guard index < characters.count else {
                tokens.append(FilterToken(kind: .end, column: column))
                return tokens
            }
            switch characters[index] {
            case "(":
                index += 1
                tokens.append(FilterToken(kind: .open, column: column))
            case ")":
                index += 1
                tokens.append(FilterToken(kind: .close, column: column))
            default:
                tokens.append(FilterToken(kind: try word(), column: column))
            }
        }
    }

    /// A term or a keyword starting at `index`.
    private mutating func word() throws(FilterError) -> FilterToken.Kind {
        let start = index
        while index < characters.count, !Self.endsWord(characters[index]), characters[index] != ":", characters[index] != "\"" {
            index += 1
        }
        let word = String(characters[start..<index])
        if index < characters.count, characters[index] == ":" {
            index += 1
            let valueColumn = index + 1
            return .term(name: word, value: try value(), valueColumn: valueColumn)
        }
        switch word.lowercased() {
        case "and": return .and
        case "or": return .or
        case "not": return .not
        default:
            let shown = word.isEmpty ? String(characters[start]) : word
            throw fail("expected a term like host:example.com, got `\(shown)`", column: start + 1)
        }
    }

    /// A term's value: quoted (`\"` and `\\` escapes), or everything up to a space or parenthesis.
    private mutating func value() throws(FilterError) -> String {
        guard index < characters.count, characters[index] == "\"" else {
            let start = index
            while index < characters.count, !Self.endsWord(characters[index]) { index += 1 }
            return String(characters[start..<index])
        }
        let quoteColumn = index + 1
        index += 1
        var value = ""
        while index < characters.count, characters[index] != "\"" {
            if characters[index] == "\\", index + 1 < characters.count { index += 1 }
            value.append(characters[index])
            index += 1
        }
        guard index < characters.count else { throw fail("unterminated quoted value", column: quoteColumn) }
        index += 1
        if index < characters.count, !Self.endsWord(characters[index]) {
            throw fail("expected a space or `)` after the closing quote", column: index + 1)
        }
        return value
    }

    private static func endsWord(_ character: Character) -> Bool {
        character.isWhitespace || character == "(" || character == ")"
    }

    private func fail(_ message: String, column: Int) -> FilterError {
        FilterError(expression: text, message: message, column: column)
    }
}
