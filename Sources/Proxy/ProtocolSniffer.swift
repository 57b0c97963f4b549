import NIOCore

/// What the first bytes after a CONNECT look like.
enum SniffedProtocol: Hashable, Sendable {
    /// A TLS handshake record (0x16 0x03): a ClientHello.
    case tls
    /// An HTTP/1 request line: a method token followed by a space.
    case http
    /// Anything else: relayed byte for byte.
    case other
}

/// Classifies the start of a byte stream (pure).
enum ProtocolSniffer {
    /// Longer than any registered method name ("UPDATEREDIRECTREF" is 17).
    static let maximumMethodLength = 20

    /// The protocol, or nil when more bytes are needed to tell.
    static func classify(_ bytes: ByteBuffer) -> SniffedProtocol? {
        let view = bytes.readableBytesView
        guard let first = view.first else { return nil }
        if first == 0x16 {
            guard view.count >= 2 else { return nil }
            return view[view.startIndex + 1] == 0x03 ? .tls : .other
        }
        for (offset, byte) in view.prefix(maximumMethodLength + 1).enumerated() {
            if byte == UInt8(ascii: " ") { return offset > 0 ? .http : .other }
            guard isMethodCharacter(byte) else { return .other }
        }
        return view.count > maximumMethodLength ? .other : nil
    }

    /// Method tokens in practice: uppercase letters and '-' (e.g. `VERSION-CONTROL`).
    private static func isMethodCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "-")
    }
}
