/// The console's text for each record kind. Everything that came from the network is passed
/// through `printable` so a header or host name cannot inject terminal escapes.
struct ConsoleFormat {
    let style: ConsoleStyle

    func lines(for record: Record, detail: ConsoleSink.Detail) -> [String] {
        switch record.kind {
        case .http:
            let failed = record["error"].map { $0 != .null } ?? false
            guard detail >= .exchanges || failed else { return [] }
            return HTTPConsoleFormat(style: style, record: record).lines(detail: detail)
        case .tunnel:
            let failed = record["error"] != nil
            guard detail >= .exchanges || failed else { return [] }
            return [tunnel(record)]
        case .error:
            return [style.red("error") + " #\(record.connection) [\(text(record["stage"]))] \(text(record["host"])): "
                + text(record["message"])]
        case .tls:
            var lines: [String] = []
            if let error = record["error"] {
                lines.append(style.red("tls \(text(record["leg"])) leg failed")
                    + " #\(record.connection) \(text(record["host"])): \(text(error)) — \(text(record["hint"]))")
            }
            if detail >= .handshakes { lines += TLSConsoleFormat(record: record).lines }
            return lines
        }
    }

    private func tunnel(_ record: Record) -> String {
        var line = "#\(record.connection) tunnel \(text(record["host"])):\(text(record["port"])) "
            + "↑\(text(record["bytes_from_client"])) B ↓\(text(record["bytes_from_server"])) B "
            + style.dim("(\(text(record["reason"])))")
        if let error = record["error"] { line += " " + style.red(text(error)) }
        return line
    }

    private func text(_ value: JSON?) -> String {
        Self.text(value)
    }

    /// A field's value for display, escaped (see `printable`); `-` when absent.
    static func text(_ value: JSON?) -> String {
        switch value {
        case .string(let string)?: return Self.printable(string)
        case .int(let number)?: return String(number)
        case .bool(let flag)?: return String(flag)
        case .double(let number)?: return String(number)
        case .null?, nil: return "-"
        case let other?: return Self.printable(other.text)
        }
    }

    /// Replaces control characters (ESC, CR, …) with `\u{…}` so network text cannot drive the terminal.
    static func printable(_ string: String) -> String {
        guard string.unicodeScalars.contains(where: isControl) else { return string }
        var out = ""
        for scalar in string.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
    }
}
