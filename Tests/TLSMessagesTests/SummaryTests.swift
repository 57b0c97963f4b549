import TLSMessages
import XCTest

/// The salient fields records and the console show for each kind of message.
final class SummaryTests: XCTestCase {
    private func summary(_ fixture: String, _ name: String, _ index: Int = 0, _ version: UInt16) throws -> [String: SummaryValue] {
        let pairs = try Transcript(fixture: fixture).parsed(name, index, negotiatedVersion: version).summary()
        return Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, $0.value) })
    }

    func testTLS13ServerMessages() throws {
        let encrypted = try summary("curl-tls13.txt", "EncryptedExtensions", 0, 0x0304)
        XCTAssertEqual(encrypted["alpn"], .string("http/1.1"))
        XCTAssertEqual(encrypted["extensions"], .strings(["application_layer_protocol_negotiation"]))

        let certificate = try summary("curl-tls13.txt", "Certificate", 0, 0x0304)
        XCTAssertEqual(certificate["count"], .int(1))
        XCTAssertEqual(certificate["request_context_length"], .int(0))

        let verify = try summary("curl-tls13.txt", "CertificateVerify", 0, 0x0304)
        XCTAssertEqual(verify["signature_algorithm"], .string("ecdsa_secp256r1_sha256"))

        let ticket = try summary("curl-tls13.txt", "NewSessionTicket", 0, 0x0304)
        XCTAssertEqual(ticket["lifetime"], .int(7200))
        XCTAssertEqual(ticket["nonce_length"], .int(8))
        XCTAssertNotNil(ticket["age_add"])

        XCTAssertEqual(try summary("curl-tls13.txt", "Finished", 0, 0x0304)["verify_data_length"], .int(48))
    }

    func testTLS12ServerMessages() throws {
        let keyExchange = try summary("s_client-tls12.txt", "ServerKeyExchange", 0, 0x0303)
        XCTAssertEqual(keyExchange["kind"], .string("ecdhe"))
        XCTAssertEqual(keyExchange["group"], .string("x25519"))
        XCTAssertEqual(keyExchange["public_key_length"], .int(32))
        XCTAssertEqual(keyExchange["signature_algorithm"], .string("ecdsa_secp256r1_sha256"))

        let request = try summary("s_client-tls12-mutual.txt", "CertificateRequest", 0, 0x0303)
        XCTAssertEqual(request["certificate_types"], .strings(["rsa_sign", "dss_sign", "ecdsa_sign"]))
        XCTAssertEqual(request["certificate_authorities"], .int(0))

        let ticket = try summary("s_client-tls12.txt", "NewSessionTicket", 0, 0x0303)
        XCTAssertNil(ticket["age_add"]) // TLS 1.2 tickets have only a lifetime hint and the ticket

        XCTAssertEqual(try summary("s_client-tls12.txt", "ClientKeyExchange", 0, 0x0303)["public_value_length"], .int(32))
    }

    func testUnparsedKeyExchangeIsShownBySize() {
        // A DHE ServerKeyExchange starts with the prime's u16 length, not curve type 3.
        let body: [UInt8] = [0x01, 0x00] + [UInt8](repeating: 0xFF, count: 10)
        let message = try? HandshakeMessage.parse(bytes: HelloBuilder.handshake(type: 12, body: body), negotiatedVersion: 0x0303)
        XCTAssertEqual(message, .serverKeyExchange(.unparsed(length: 12)))
        XCTAssertEqual(message?.summary().first?.value, .string("unparsed"))
    }

    func testEveryAlertNameTheRFCsDefineIsKnown() {
        let expected = [
            "close_notify", "unexpected_message", "bad_record_mac", "record_overflow", "handshake_failure",
            "bad_certificate", "unsupported_certificate", "certificate_revoked", "certificate_expired",
            "certificate_unknown", "illegal_parameter", "unknown_ca", "access_denied", "decode_error",
            "decrypt_error", "protocol_version", "insufficient_security", "internal_error", "inappropriate_fallback",
            "user_canceled", "no_renegotiation", "missing_extension", "unsupported_extension", "unrecognized_name",
            "bad_certificate_status_response", "unknown_psk_identity", "certificate_required", "no_application_protocol",
        ]
        let known = Set((0...255).map { NameTable.alertDescriptions.name($0) })
        XCTAssertEqual(expected.filter { !known.contains($0) }, [])
    }
}
