/// One handshake message, decoded from the full message bytes `[type:1][length:3][body]` as OpenSSL's
/// message callback delivers them (TLS 1.3's encrypted messages arrive decrypted in the same form).
public enum HandshakeMessage: Equatable, Sendable {
    /// TLS 1.2 renegotiation request (empty).
    case helloRequest
    /// The client's offer.
    case clientHello(ClientHello)
    /// A ServerHello, or a HelloRetryRequest (see `ServerHello.isHelloRetryRequest`).
    case serverHello(ServerHello)
    /// A resumption ticket.
    case newSessionTicket(NewSessionTicket)
    /// TLS 1.3: the client's 0-RTT data is over (empty).
    case endOfEarlyData
    /// TLS 1.3: the server's remaining extensions.
    case encryptedExtensions(EncryptedExtensions)
    /// A certificate chain (server's, or client's when requested).
    case certificate(CertificateMessage)
    /// TLS 1.2: the server's ephemeral key parameters.
    case serverKeyExchange(ServerKeyExchange)
    /// The server asks for a client certificate.
    case certificateRequest(CertificateRequest)
    /// TLS 1.2: the server's hello flight is complete (empty).
    case serverHelloDone
    /// Proof of the certificate's private key.
    case certificateVerify(CertificateVerify)
    /// TLS 1.2: the client's key-exchange value.
    case clientKeyExchange(ClientKeyExchange)
    /// The MAC over the transcript; only its length is visible (its value is secret-derived noise).
    case finished(verifyDataLength: Int)
    /// TLS 1.3: new traffic keys.
    case keyUpdate(KeyUpdate)
    /// The synthetic message that replaces ClientHello1 in the transcript after a HelloRetryRequest.
    case messageHash(hashLength: Int)
    /// A type this module does not decode (e.g. CertificateStatus, CompressedCertificate), by number.
    case other(type: UInt8, bodyLength: Int)

    /// Decodes one handshake message. `negotiatedVersion` (e.g. 0x0304) picks the layout of Certificate,
    /// CertificateRequest and NewSessionTicket, and whether signatures name their scheme; nil guesses
    /// from the bytes. Throws `TLSParseError` for malformed input, never traps.
    public static func parse(bytes: [UInt8], negotiatedVersion: UInt16?) throws(TLSParseError) -> HandshakeMessage {
        var reader = ByteReader(bytes)
        let type = try reader.u8("handshake.msg_type")
        let name = NameTable.handshakeTypes.name(type)
        let lengthOffset = reader.offset
        let length = try reader.u24("\(name).length")
        guard length == reader.remaining else {
            let problem: TLSParseError.Problem = length > reader.remaining
                ? .lengthExceedsBuffer(declared: length, available: reader.remaining)
                : .trailingBytes(count: reader.remaining - length)
            throw TLSParseError(field: "\(name).length", offset: lengthOffset, problem: problem)
        }
        let message = try decodeBody(type: type, &reader, negotiatedVersion: negotiatedVersion)
        try reader.expectEnd(name)
        return message
    }

    private static func decodeBody(
        type: UInt8, _ body: inout ByteReader, negotiatedVersion: UInt16?
    ) throws(TLSParseError) -> HandshakeMessage {
        switch type {
        case 0: return .helloRequest
        case 1: return .clientHello(try ClientHello(body: &body))
        case 2: return .serverHello(try ServerHello(body: &body))
        case 4: return .newSessionTicket(try NewSessionTicket(body: &body, negotiatedVersion: negotiatedVersion))
        case 5: return .endOfEarlyData
        case 8: return .encryptedExtensions(try EncryptedExtensions(body: &body))
        case 11: return .certificate(try CertificateMessage(body: &body, negotiatedVersion: negotiatedVersion))
        case 12: return .serverKeyExchange(ServerKeyExchange(body: &body, negotiatedVersion: negotiatedVersion))
        case 13: return .certificateRequest(try CertificateRequest(body: &body, negotiatedVersion: negotiatedVersion))
        case 14: return .serverHelloDone
        case 15: return .certificateVerify(try CertificateVerify(body: &body, negotiatedVersion: negotiatedVersion))
        case 16: return .clientKeyExchange(ClientKeyExchange(body: &body))
        case 20: return .finished(verifyDataLength: body.rest().count)
        case 24: return .keyUpdate(try KeyUpdate(body: &body))
        case 254: return .messageHash(hashLength: body.rest().count)
        default: return .other(type: type, bodyLength: body.rest().count)
        }
    }

    /// The message's name as records show it: `ClientHello`, `HelloRetryRequest`, `Certificate`, …
    public var typeName: String {
        switch self {
        case .helloRequest: return "HelloRequest"
        case .clientHello: return "ClientHello"
        case .serverHello(let hello): return hello.isHelloRetryRequest ? "HelloRetryRequest" : "ServerHello"
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
        case .keyUpdate: return "KeyUpdate"
        case .messageHash: return "MessageHash"
        case .other(let type, _): return NameTable.handshakeTypes.name(type)
        }
    }

    /// The salient fields of the message (empty for messages that carry none).
    public func summary() -> Summary {
        switch self {
        case .helloRequest, .endOfEarlyData, .serverHelloDone: return []
        case .clientHello(let hello): return hello.summary()
        case .serverHello(let hello): return hello.summary()
        case .newSessionTicket(let ticket): return ticket.summary()
        case .encryptedExtensions(let extensions): return extensions.summary()
        case .certificate(let certificate): return certificate.summary()
        case .serverKeyExchange(let exchange): return exchange.summary()
        case .certificateRequest(let request): return request.summary()
        case .certificateVerify(let verify): return verify.summary()
        case .clientKeyExchange(let exchange): return exchange.summary()
        case .finished(let length): return [("verify_data_length", .int(length))]
        case .keyUpdate(let update): return update.summary()
        case .messageHash(let length): return [("hash_length", .int(length))]
        case .other(let type, let length): return [("handshake_type", .int(Int(type))), ("length", .int(length))]
        }
    }
}
