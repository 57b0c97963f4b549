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
    public var name: String {
        switch self {
        case .helloRequest: return "HelloRequest"
        case .clientHello: return "ClientHello"
        case .serverHello: return "ServerHello"
        case .helloVerifyRequest: return "HelloVerifyRequest"
        case .newSessionTicket: return "NewSessionTicket"
        case .endOfEarlyData: return "EndOfEarlyData"
        case .encryptedExtensions: return "EncryptedExtensions"
        case .certificate: return "Certificate"
        case .serverKeyExchange: return "ServerKeyExchange"
        case .certificateRequest: return "CertificateRequest"
        case .serverHelloDone: return "ServerHelloDone"
        case .certificateVerify: return "CertificateVerify"
        case .clientKeyExchange: return "ClientKeyExchange"
        case .finished: return "Finished"
        case .certificateURL: return "CertificateURL"
        case .certificateStatus: return "CertificateStatus"
        case .supplementalData: return "SupplementalData"
        case .keyUpdate: return "KeyUpdate"
        case .compressedCertificate: return "CompressedCertificate"
        case .messageHash: return "MessageHash"
        }
    }

    /// The name for a raw type byte, e.g. 1 → "ClientHello", 99 → "Unknown(99)".
    public static func name(of byte: UInt8) -> String {
        HandshakeType(rawValue: byte)?.name ?? "Unknown(\(byte))"
    }
}
