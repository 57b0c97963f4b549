/// Pairs the two legs of an intercepted connection for the console's `-v` comparison line:
/// `#7 legs: client TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 h1 new | upstream TLSv1.2 … resumed`.
/// The legs' `tls` records arrive independently, so the first one waits here until the other
/// arrives. Only the first upstream leg pairs (later ones are fresh connections for later
/// requests); a leg whose partner never comes (a refused TCP connect) is dropped once
/// `capacity` others wait. Not thread-safe: the console sink calls it on the recorder's queue only.
final class LegComparison {
    private let capacity: Int
    /// The waiting legs' summaries by connection id, oldest first.
    private var waiting: [(connection: Int, leg: String, summary: String)] = []

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The comparison line once `record` completes a pair, else nil (and `record` waits).
    func line(after record: Record) -> String? {
        guard record.kind == .tls, case .string(let leg)? = record["leg"],
              record["id"] == .string(leg == "client" ? "\(record.connection).client" : "\(record.connection).upstream.1")
        else { return nil }
        let summary = Self.summary(record)
        if let index = waiting.firstIndex(where: { $0.connection == record.connection && $0.leg != leg }) {
            let other = waiting.remove(at: index)
            let (client, upstream) = leg == "client" ? (summary, other.summary) : (other.summary, summary)
            return "#\(record.connection) legs: client \(client) | upstream \(upstream)"
        }
        waiting.append((record.connection, leg, summary))
        if waiting.count > capacity { waiting.removeFirst() }
        return nil
    }

    /// `TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 secp256r1 h1 new`, or `failed (unknown_ca)`.
    static func summary(_ record: Record) -> String {
        if let error = record["error"] { return "failed (\(ConsoleFormat.text(error)))" }
        let alpn: String
        switch record["alpn"] {
        case .string("http/1.1")?: alpn = "h1"
        case .string(let name)?: alpn = ConsoleFormat.printable(name)
        default: alpn = "no-alpn"
        }
        let resumed = record["resumed"] == .bool(true) ? "resumed" : "new"
        return [ConsoleFormat.text(record["version"]), ConsoleFormat.text(record["cipher"]),
                ConsoleFormat.text(record["group"]), alpn, resumed].joined(separator: " ")
    }
}
