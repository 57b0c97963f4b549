import Foundation

/// tlspeek's JSON Lines log (`--log`), each line parsed with JSONSerialization — an independent
/// reader of the format in PRODUCT.md.
struct FlowLog {
    typealias Record = [String: Any]

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    let lines: [String]
    let records: [Record]

    init(path: String) throws {
        let text = FileManager.default.fileExists(atPath: path) ? try String(contentsOfFile: path, encoding: .utf8) : ""
        lines = text.split(separator: "\n").map(String.init)
        records = try lines.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? Record else {
                throw Malformed(description: "not a JSON object: \(line)")
            }
            return object
        }
    }

    func records(ofType type: String) -> [Record] {
        records.filter { $0["type"] as? String == type }
    }

    /// The `tls` records of one leg (`client` or `upstream`).
    func tls(leg: String) -> [Record] {
        records(ofType: "tls").filter { $0["leg"] as? String == leg }
    }

    /// A `tls` record's handshake messages as "Type direction", e.g. "ClientHello sent".
    static func transcript(_ record: Record) -> [String] {
        (record["messages"] as? [Record] ?? []).map { "\($0["type"] as? String ?? "?") \($0["direction"] as? String ?? "?")" }
    }

    /// The whole log, for assertion messages.
    var text: String { lines.joined(separator: "\n") }
}
