import TLSMessages
import XCTest

/// Test-only accessors, so assertions read `message.clientHello?.serverName` instead of `if case`.
extension HandshakeMessage {
    var clientHello: ClientHello? { if case .clientHello(let value) = self { value } else { nil } }
    var serverHello: ServerHello? { if case .serverHello(let value) = self { value } else { nil } }
    var encryptedExtensions: EncryptedExtensions? { if case .encryptedExtensions(let value) = self { value } else { nil } }
    var certificate: CertificateMessage? { if case .certificate(let value) = self { value } else { nil } }
    var certificateRequest: CertificateRequest? { if case .certificateRequest(let value) = self { value } else { nil } }
    var serverKeyExchange: ServerKeyExchange? { if case .serverKeyExchange(let value) = self { value } else { nil } }
    var clientKeyExchange: ClientKeyExchange? { if case .clientKeyExchange(let value) = self { value } else { nil } }
    var certificateVerify: CertificateVerify? { if case .certificateVerify(let value) = self { value } else { nil } }
    var newSessionTicket: NewSessionTicket? { if case .newSessionTicket(let value) = self { value } else { nil } }
    var keyUpdate: KeyUpdate? { if case .keyUpdate(let value) = self { value } else { nil } }
}

extension Transcript {
    /// The `index`th handshake message OpenSSL named `name`, decoded with `negotiatedVersion`.
    func parsed(_ name: String, _ index: Int = 0, negotiatedVersion: UInt16?) throws -> HandshakeMessage {
        let matches = handshakes(named: name)
        guard index < matches.count else { throw MissingMessage(name: name, index: index) }
        return try HandshakeMessage.parse(bytes: matches[index].bytes, negotiatedVersion: negotiatedVersion)
    }
}

/// A test asked a fixture for a message it does not hold.
struct MissingMessage: Error {
    let name: String
    let index: Int
}
