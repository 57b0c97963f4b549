/// The console's text for a `tls` record at `-v`: a header with the negotiated parameters, then the
/// handshake as a numbered walk, one short line per message with its salient fields:
/// `  1. client → tlspeek  ClientHello  (517 B)  sni=example.com alpn=h2,http/1.1 versions=TLSv1.3,TLSv1.2`.
struct TLSConsoleFormat {
    let record: Record

    var lines: [String] {
        let leg = text(record["leg"])
        let peer = leg == "client" ? "client" : "server"
        var lines = ["#\(record.connection) TLS \(leg) leg \(text(record["host"])): "
            + "\(text(record["version"])) \(text(record["cipher"])) \(text(record["group"])) alpn=\(text(record["alpn"]))"]
        guard case .array(let messages)? = record["messages"] else { return lines }
        for (index, message) in messages.enumerated() {
            let sent = message["direction"] == .string("sent")
            let arrow = sent ? "tlspeek → \(peer)" : "\(peer) → tlspeek"
            var line = "  \(index + 1). \(arrow)  \(text(message["type"]))  (\(text(message["length"])) B)"
            let salient = Self.salientFields(of: message)
            if !salient.isEmpty { line += "  " + salient }
            lines.append(line)
        }
        return lines
    }

    /// The few fields per message type worth a glance; the record has them all.
    private static let shownFields: [String: [String]] = [
        "ClientHello": ["sni", "alpn", "versions"],
        "ServerHello": ["version", "cipher", "group", "alpn"],
        "ServerKeyExchange": ["group", "signature_algorithm"],
        "EncryptedExtensions": ["alpn"],
        "CertificateVerify": ["signature_algorithm"],
        "Alert": ["level", "description"],
    ]

    /// `key=value` pairs (lists joined with commas, long ones cut short so lines stay readable).
    static func salientFields(of message: JSON) -> String {
        let type = text(message["type"])
        var pairs = (shownFields[type] ?? []).compactMap { key -> String? in
            guard let value = message[key], value != .null else { return nil }
            if case .array(let items) = value {
                guard !items.isEmpty else { return nil }
                let shown = items.prefix(3).map { text($0) }.joined(separator: ",")
                return "\(key)=\(shown)" + (items.count > 3 ? ",…" : "")
            }
            return "\(key)=\(text(value))"
        }
        // A hello_retry_request is a ServerHello on the wire: say so.
        if message["hello_retry_request"] == .bool(true) { pairs.append("(HelloRetryRequest)") }
        if type == "Certificate", case .array(let certificates)? = message["certificates"] {
            if let subject = certificates.first?["subject"] { pairs.append("subject=\(text(subject))") }
            if certificates.count > 1 { pairs.append("+\(certificates.count - 1) more") }
        }
        return pairs.joined(separator: " ")
    }

    private static func text(_ value: JSON?) -> String { ConsoleFormat.text(value) }
    private func text(_ value: JSON?) -> String { ConsoleFormat.text(value) }
}
