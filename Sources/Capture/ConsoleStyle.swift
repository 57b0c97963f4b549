import Foundation

/// Whether console lines are coloured: only on a terminal, and never when `NO_COLOR` is set.
public struct ConsoleStyle: Sendable {
    public let colours: Bool

    public init(colours: Bool) { self.colours = colours }

    /// Colours when `descriptor` is a TTY and `NO_COLOR` is unset or empty.
    public static func detect(descriptor: Int32, environment: [String: String]) -> ConsoleStyle {
        ConsoleStyle(colours: isatty(descriptor) == 1 && (environment["NO_COLOR"] ?? "").isEmpty)
    }

    func red(_ text: String) -> String { paint(text, "31") }
    func green(_ text: String) -> String { paint(text, "32") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String {
        colours ? "\u{1b}[\(code)m\(text)\u{1b}[0m" : text
    }
}
