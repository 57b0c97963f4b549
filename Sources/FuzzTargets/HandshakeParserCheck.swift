import TLSMessages

/// Input: `[content type, version selector] + message bytes`, so that mutations reach the content
/// type and the negotiated version too. A parse either returns or throws `TLSParseError` (the typed
/// throw guarantees which); what a parsed message shows (name, summary, fingerprints) never traps.
enum HandshakeParserCheck {
    /// The negotiated versions the selector byte picks from: none yet, TLS 1.2, TLS 1.3.
    static let versions: [UInt16?] = [nil, 0x0303, 0x0304]

    static func check(_ input: [UInt8]) throws(InvariantViolation) {
        guard input.count >= 2 else { return }
        let version = versions[Int(input[1]) % versions.count]
        guard let message = try? TLSRecordMessage.parse(contentType: input[0], bytes: Array(input[2...]),
                                                        negotiatedVersion: version) else { return }
        guard !message.typeName.isEmpty else { throw InvariantViolation("a parsed message has no type name") }
        _ = message.summary()
        switch message {
        case .handshake(.clientHello(let hello)): _ = (hello.ja3, hello.ja4, hello.ja4Raw)
        case .handshake(.serverHello(let hello)): _ = (hello.ja3s, hello.ja4s)
        default: break
        }
    }
}
