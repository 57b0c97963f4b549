/// A display filter that does not parse: what was expected, and the 1-based column (in
/// characters) where parsing stopped. The description shows the expression with a caret under
/// that column, so a shell user can see where the problem is.
public struct FilterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The filter as the user wrote it.
    public let expression: String
    /// What is wrong, e.g. "expected a term".
    public let message: String
    /// Where: 1 is the first character; `expression.count + 1` is the end of the input.
    public let column: Int

    public init(expression: String, message: String, column: Int) {
        self.expression = expression
        self.message = message
        self.column = column
    }

    public var description: String {
        "\(message) at column \(column)\n    \(expression)\n    \(String(repeating: " ", count: column - 1))^"
    }
}
