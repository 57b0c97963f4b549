/// The config file: a small TOML subset, one `key = value` per line.
///
/// Values are strings (`"..."` with `\"`, `\\`, `\n`, `\t` escapes), booleans (`true`/`false`),
/// integers, or arrays of strings (`["a", "b"]`, may span lines). `#` starts a comment outside strings.
/// Keys are the long flag names (`listen`, `ignore-hosts`, …); which keys exist is decided by the
/// caller, so this type only parses.
public struct ConfigFile: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case string(String)
        case bool(Bool)
        case integer(Int)
        case strings([String])
    }

    public struct Entry: Equatable, Sendable {
        public let key: String
        public let value: Value
        public let line: Int
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let line: Int
        public let message: String
        public var description: String { "\(path):\(line): \(message)" }
    }

    public let path: String
    public let entries: [Entry]

    public init(path: String, text: String) throws {
        self.path = path
        var entries: [Entry] = []
        var seen: Set<String> = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().makeIterator()
        while let (index, rawLine) = lines.next() {
            let lineNumber = index + 1
            let fail = { (message: String) in ParseError(path: path, line: lineNumber, message: message) }
            var line = Self.stripComment(String(rawLine)).trimmingWhitespace()
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected `key = value`, got `\(line)`") }
            let key = String(line[..<equals]).trimmingWhitespace()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw fail("invalid key `\(key)`")
            }
            guard seen.insert(key).inserted else { throw fail("key `\(key)` is set twice") }
            var valueText = String(line[line.index(after: equals)...]).trimmingWhitespace()
            // An array may continue on the following lines until its closing bracket.
            while valueText.hasPrefix("["), !Self.isClosedArray(valueText), let (_, next) = lines.next() {
                line = Self.stripComment(String(next)).trimmingWhitespace()
                valueText += " " + line
            }
            do {
                entries.append(Entry(key: key, value: try Self.parseValue(valueText), line: lineNumber))
            } catch let message as ValueError {
                throw fail("value of `\(key)`: \(message.text)")
            }
        }
        self.entries = entries
    }

    private struct ValueError: Error { let text: String }

    private static func parseValue(_ text: String) throws -> Value {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let integer = Int(text) { return .integer(integer) }
        if text.hasPrefix("\"") {
            var scanner = Scanner(text)
            let string = try scanner.quotedString()
            guard scanner.atEnd else { throw ValueError(text: "unexpected text after the closing quote") }
            return .string(string)
        }
        if text.hasPrefix("[") {
            var scanner = Scanner(text)
            return .strings(try scanner.stringArray())
        }
        throw ValueError(text: "expected a quoted string, true/false, a number or [\"…\"], got `\(text)`")
    }

    private static func isClosedArray(_ text: String) -> Bool {
        var scanner = Scanner(text)
        return (try? scanner.stringArray()) != nil
    }

    /// Removes a `#` comment that is not inside a quoted string.
    private static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if escaped { escaped = false; continue }
            switch character {
            case "\\" where inString: escaped = true
            case "\"": inString.toggle()
            case "#" where !inString: return String(line[..<index])
            default: break
            }
        }
        return line
    }

    /// A cursor over a value's characters.
    private struct Scanner {
        private let characters: [Character]
        private var position = 0

        init(_ text: String) { characters = Array(text) }

        var atEnd: Bool { position == characters.count }

        mutating func skipWhitespace() {
            while position < characters.count, characters[position].isWhitespace { position += 1 }
        }

        mutating func quotedString() throws -> String {
            guard position < characters.count, characters[position] == "\"" else {
                throw ValueError(text: "expected a quoted string")
            }
            position += 1
            var result = ""
            while position < characters.count {
                let character = characters[position]
                position += 1
                switch character {
                case "\"":
                    return result
                case "\\":
                    guard position < characters.count else { break }
                    let escaped = characters[position]
                    position += 1
                    switch escaped {
                    case "\"": result.append("\"")
                    case "\\": result.append("\\")
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    default: throw ValueError(text: "unknown escape `\\\(escaped)`")
                    }
                default:
                    result.append(character)
                }
            }
            throw ValueError(text: "unterminated string")
        }

        mutating func stringArray() throws -> [String] {
            guard position < characters.count, characters[position] == "[" else { throw ValueError(text: "expected [") }
            position += 1
            var strings: [String] = []
            skipWhitespace()
            if position < characters.count, characters[position] == "]" {
                position += 1
                return strings
            }
            while true {
                skipWhitespace()
                strings.append(try quotedString())
                skipWhitespace()
                guard position < characters.count else { throw ValueError(text: "unterminated array") }
                let separator = characters[position]
                position += 1
                if separator == "]" { break }
                guard separator == "," else { throw ValueError(text: "expected , or ] in array") }
                skipWhitespace()
                // TOML allows a trailing comma.
                if position < characters.count, characters[position] == "]" { position += 1; break }
            }
            skipWhitespace()
            guard atEnd else { throw ValueError(text: "unexpected text after the array") }
            return strings
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
