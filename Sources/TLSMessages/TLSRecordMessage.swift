/// One message from the record layer's handshake-related content types, as OpenSSL's message callback
/// reports them: a handshake message, a change_cipher_spec, or an alert.
public enum TLSRecordMessage: Equatable, Sendable {
    /// A handshake message (content type 22).
    case handshake(HandshakeMessage)
    /// change_cipher_spec (content type 20): in TLS 1.2 "encrypting from now on"; in TLS 1.3 a no-op for middleboxes.
    case changeCipherSpec
    /// An alert (content type 21).
    case alert(Alert)
    /// A content type this module does not decode (application data, heartbeat), by number.
    case other(contentType: UInt8, length: Int)

    /// The record content types (RFC 8446 §5.1).
    public enum ContentType {
        /// change_cipher_spec
        public static let changeCipherSpec: UInt8 = 20
        /// alert
        public static let alert: UInt8 = 21
        /// handshake
        public static let handshake: UInt8 = 22
    }

    /// Decodes the message `bytes` of a record of `contentType`.
    public static func parse(contentType: UInt8, bytes: [UInt8],
                             negotiatedVersion: UInt16?) throws(TLSParseError) -> TLSRecordMessage {
        switch contentType {
        case ContentType.handshake:
            return .handshake(try HandshakeMessage.parse(bytes: bytes, negotiatedVersion: negotiatedVersion))
        case ContentType.alert:
            return .alert(try Alert(bytes: bytes))
        case ContentType.changeCipherSpec:
            // The only valid change_cipher_spec message is the single byte 1.
            guard bytes == [1] else {
                throw TLSParseError(field: "ChangeCipherSpec", offset: 0, problem: .invalid("expected the single byte 0x01"))
            }
            return .changeCipherSpec
        default:
            return .other(contentType: contentType, length: bytes.count)
        }
    }

    /// The name records show: the handshake message's type, `ChangeCipherSpec`, `Alert`, or the content type.
    public var typeName: String {
        switch self {
        case .handshake(let message): return message.typeName
        case .changeCipherSpec: return "ChangeCipherSpec"
        case .alert: return "Alert"
        case .other(let contentType, _): return "ContentType\(contentType)"
        }
    }

    /// The salient fields.
    public func summary() -> Summary {
        switch self {
        case .handshake(let message): return message.summary()
        case .changeCipherSpec: return []
        case .alert(let alert): return alert.summary()
        case .other(let contentType, let length): return [("content_type", .int(Int(contentType))), ("length", .int(length))]
        }
    }
}
