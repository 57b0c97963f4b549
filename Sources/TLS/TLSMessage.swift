import NIOCore

/// The TLS record content types whose messages tlspeek captures.
public enum TLSContentType: UInt8, Sendable, Hashable {
    case changeCipherSpec = 20
    case alert = 21
    case handshake = 22
}

/// One handshake-layer message as it crossed the wire (decrypted for TLS 1.3).
public struct TLSMessage: Sendable, Equatable {
    public let contentType: TLSContentType
    public let direction: TLSDirection
    /// The message bytes: for handshake messages the 4-byte header and body.
    public let bytes: [UInt8]
    /// When OpenSSL reported the message (monotonic).
    public let timestamp: NIODeadline

    /// A message as reported by OpenSSL's message callback.
    public init(contentType: TLSContentType, direction: TLSDirection, bytes: [UInt8], timestamp: NIODeadline) {
        self.contentType = contentType
        self.direction = direction
        self.bytes = bytes
        self.timestamp = timestamp
    }

    /// The handshake type for handshake messages, nil otherwise.
    public var handshakeType: HandshakeType? {
        guard contentType == .handshake, let first = bytes.first else { return nil }
        return HandshakeType(rawValue: first)
    }

    /// A short name: "ClientHello", "ChangeCipherSpec", "Alert(unknown_ca)".
    public var name: String {
        switch contentType {
        case .handshake: return bytes.first.map(HandshakeType.name(of:)) ?? "Handshake(empty)"
        case .changeCipherSpec: return "ChangeCipherSpec"
        case .alert: return bytes.count >= 2 ? "Alert(\(TLSAlert(code: bytes[1]).name))" : "Alert"
        }
    }
}
