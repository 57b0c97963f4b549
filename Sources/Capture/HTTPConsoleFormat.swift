import Foundation

/// The console's text for an `http` record: one line (method, URL, status, size, time, TLS
/// version); at `handshakes` also the headers, at `bodies` also the body previews (text as is,
/// binary as a hex dump of its start). Network text goes through `ConsoleFormat.printable`.
struct HTTPConsoleFormat {
    /// How many bytes of a binary preview the hex dump shows.
    static let hexDumpBytes = 64

    let style: ConsoleStyle
    let record: Record

    func lines(detail: ConsoleSink.Detail) -> [String] {
        var lines = [summary]
        for (message, prefix) in [("request", ">"), ("response", "<")] {
            if detail >= .handshakes { lines += headers(message + "_headers", prefix: prefix) }
            if detail >= .bodies { lines += body(message + "_body", prefix: prefix) }
        }
        return lines
    }

    private var summary: String {
        let status: String
        switch record["status"] {
        case .int(let code)?: status = code >= 400 ? style.red(String(code)) : style.green(String(code))
        default: status = style.red("---")
        }
        var line = "#\(record.connection) \(text(record["method"])) \(text(record["url"])) → \(status) "
            + "\(text(record["response_body_bytes"])) B"
        if case .double(let total)? = record["timings"]?["total"] { line += " \(Int(total.rounded())) ms" }
        if case .string(let version)? = record["tls_version"] {
            let short = version.hasPrefix("TLSv") ? "TLS" + version.dropFirst(4) : version
            line += " " + style.dim("[\(ConsoleFormat.printable(short))]")
        }
        if let error = record["error"] { line += " " + style.red(text(error)) }
        return line
    }

    private func headers(_ field: String, prefix: String) -> [String] {
        guard case .array(let fields)? = record[field] else { return [] }
        return fields.map { "  \(prefix) \(text($0["name"])): \(text($0["value"]))" }
    }

    /// The decoded preview when there is one, else the bytes as they went through.
    private func body(_ field: String, prefix: String) -> [String] {
        guard let body = record[field] else { return [] }
        let shown = body["decoded"] ?? body
        let truncated = shown["truncated"] == .bool(true)
        var lines: [String]
        if shown["encoding"] == .string("base64"), case .string(let base64)? = shown["text"] {
            lines = hexDump(Data(base64Encoded: base64) ?? Data())
        } else {
            guard case .string(let content)? = shown["text"] else { return [] }
            var textLines = content.split(separator: "\n", omittingEmptySubsequences: false)
            if textLines.count > 1, textLines.last?.isEmpty == true { textLines.removeLast() }  // the final newline
            lines = textLines.map { ConsoleFormat.printable(String($0)) }
        }
        if let encoding = body["content_encoding"] {
            let note = body["decoded"] != nil ? "decoded from \(text(encoding))" : text(body["decode_error"])
            lines.insert(style.dim("(\(note))"), at: 0)
        }
        if truncated { lines.append(style.dim("(preview truncated)")) }
        return lines.map { "  \(prefix) " + $0 }
    }

    /// `0000  47 49 46 38 …  GIF8…`, 16 bytes a line, at most `hexDumpBytes`.
    private func hexDump(_ data: Data) -> [String] {
        let bytes = Array(data.prefix(Self.hexDumpBytes))
        var lines = stride(from: 0, to: bytes.count, by: 16).map { offset -> String in
            let row = bytes[offset..<min(offset + 16, bytes.count)]
            let hex = row.map { String(format: "%02x", $0) }.joined(separator: " ")
            let ascii = String(row.map { (0x20..<0x7f).contains($0) ? Character(UnicodeScalar($0)) : "." })
            return String(format: "%04x  ", offset) + hex.padding(toLength: 47, withPad: " ", startingAt: 0) + "  " + ascii
        }
        if data.count > bytes.count { lines.append(style.dim("(\(data.count - bytes.count) more bytes in the preview)")) }
        return lines
    }

    private func text(_ value: JSON?) -> String {
        ConsoleFormat.text(value)
    }
}
