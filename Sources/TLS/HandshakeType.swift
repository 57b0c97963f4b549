import TLSMessages

/// The one-byte HandshakeType that starts every handshake message (RFC 8446 §4, RFC 5246 §7.4).
public enum HandshakeType: UInt8, Sendable, CaseIterable {
    case helloRequest = 0
    case clientHello = 1
    case serverHello = 2
    case helloVerifyRequest = 3
    case newSessionTicket = 4
    case endOfEarlyData = 5
    case encryptedExtensions = 8
    case certificate = 11
    case serverKeyExchange = 12
    case certificateRequest = 13
    case serverHelloDone = 14
    case certificateVerify = 15
    case clientKeyExchange = 16
    case finished = 20
    case certificateURL = 21
    case certificateStatus = 22
    case supplementalData = 23
    case keyUpdate = 24
    case compressedCertificate = 25
    case messageHash = 254

    /// The message name as tlspeek prints it, e.g. "ClientHello".
    public var name: String { NameTable.handshakeTypes.name(rawValue) }

    /// The name for a raw type byte, e.g. 1 → "ClientHello".
    public static func name(of byte: UInt8) -> String {
        NameTable.handshakeTypes.name(byte)
    }
}
