import TLS
import TLSMessages

/// Facts read from a transcript when the handshake did not get far enough to report them.
enum TranscriptFacts {
    /// The SNI of the transcript's ClientHello, if any.
    static func serverName(in messages: [TLSMessage]) -> String? {
        guard let hello = messages.first(where: { $0.handshakeType == .clientHello }),
              case .clientHello(let parsed)? = try? HandshakeMessage.parse(bytes: hello.bytes, negotiatedVersion: nil)
        else { return nil }
        return parsed.serverName
    }
}
