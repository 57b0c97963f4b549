import TLSMessages
import XCTest

/// `curl -k --tlsv1.3` against `openssl s_server -alpn http/1.1`, and an s_client handshake forced
/// through a HelloRetryRequest with client certificates (see Fixtures/README.md).
final class TLS13TranscriptTests: XCTestCase {
    private let tls13: UInt16 = 0x0304

    func testCurlClientHelloOffersWhatTheCommandLineAskedFor() throws {
        let hello = try XCTUnwrap(try Transcript(fixture: "curl-tls13.txt").parsed("ClientHello", negotiatedVersion: nil).clientHello)
        XCTAssertEqual(hello.legacyVersion, 0x0303)
        XCTAssertEqual(hello.random.count, 32)
        XCTAssertEqual(hello.sessionID.count, 32)
        XCTAssertEqual(hello.serverName, "localhost")
        XCTAssertEqual(hello.alpnProtocols, ["h2", "http/1.1"])
        XCTAssertEqual(hello.supportedVersions, [0x0304]) // --tlsv1.3 makes 1.3 the minimum
        XCTAssertEqual(hello.highestVersion, 0x0304)
        XCTAssertEqual(hello.cipherSuites, [0x1302, 0x1303, 0x1301, 0x00FF])
        XCTAssertEqual(hello.compressionMethods, [0])
        XCTAssertEqual(NameTable.namedGroups.names(hello.supportedGroups),
                       ["x25519", "secp256r1", "x448", "secp521r1", "secp384r1",
                        "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192"])
        XCTAssertEqual(hello.keyShareGroups, [0x001D])
        XCTAssertEqual(hello.pskKeyExchangeModes, [1])
        XCTAssertEqual(hello.ecPointFormats, [0, 1, 2])
        XCTAssertEqual(hello.signatureAlgorithms.first, 0x0403)
        XCTAssertEqual(hello.signatureAlgorithms.count, 14)
        XCTAssertEqual(hello.extensions.map(\.type),
                       [0x0000, 0x000B, 0x000A, 0x0010, 0x0016, 0x0017, 0x0031, 0x000D, 0x002B, 0x002D, 0x0033, 0x0015])
        XCTAssertFalse(hello.offersSessionTicket)
        XCTAssertFalse(hello.offersPreSharedKey)
        XCTAssertFalse(hello.offersEncryptedClientHello)
        XCTAssertFalse(hello.containsGREASE)
    }

    func testServerFlightOfTheCurlHandshake() throws {
        let transcript = try Transcript(fixture: "curl-tls13.txt")
        let clientHello = try XCTUnwrap(try transcript.parsed("ClientHello", negotiatedVersion: tls13).clientHello)
        let serverHello = try XCTUnwrap(try transcript.parsed("ServerHello", negotiatedVersion: tls13).serverHello)
        XCTAssertEqual(serverHello.legacyVersion, 0x0303)
        XCTAssertEqual(serverHello.selectedVersion, 0x0304)
        XCTAssertEqual(serverHello.cipherSuite, 0x1302)
        XCTAssertEqual(serverHello.keyShareGroup, 0x001D)
        XCTAssertNil(serverHello.alpnProtocol) // TLS 1.3 moves ALPN into EncryptedExtensions
        XCTAssertFalse(serverHello.isHelloRetryRequest)
        XCTAssertTrue(serverHello.echoesSessionID(of: clientHello))

        let encrypted = try XCTUnwrap(try transcript.parsed("EncryptedExtensions", negotiatedVersion: tls13).encryptedExtensions)
        XCTAssertEqual(encrypted.alpnProtocol, "http/1.1")
        XCTAssertFalse(encrypted.acknowledgesServerName)

        let certificate = try XCTUnwrap(try transcript.parsed("Certificate", negotiatedVersion: tls13).certificate)
        XCTAssertEqual(certificate.requestContext, [])
        XCTAssertEqual(certificate.entries.count, 1)
        XCTAssertEqual(certificate.entries[0].extensions, [])
        assertLooksLikeDER(certificate.derCertificates[0])

        let verify = try XCTUnwrap(try transcript.parsed("CertificateVerify", negotiatedVersion: tls13).certificateVerify)
        XCTAssertEqual(verify.signature.scheme, 0x0403) // the P-256 certificate's scheme

        XCTAssertEqual(try transcript.parsed("Finished", negotiatedVersion: tls13), .finished(verifyDataLength: 48)) // SHA-384 suite

        let ticket = try XCTUnwrap(try transcript.parsed("NewSessionTicket", negotiatedVersion: tls13).newSessionTicket)
        XCTAssertEqual(ticket.lifetimeSeconds, 7200)
        XCTAssertEqual(ticket.tls13?.nonceLength, 8)
        XCTAssertEqual(ticket.tls13?.extensions, [])
        XCTAssertGreaterThan(ticket.ticketLength, 0)
    }

    func testHelloRetryRequestAndMutualAuthentication() throws {
        let transcript = try Transcript(fixture: "s_client-tls13-hrr-mutual.txt")
        let retry = try transcript.parsed("ServerHello", 0, negotiatedVersion: tls13)
        XCTAssertEqual(retry.typeName, "HelloRetryRequest")
        XCTAssertEqual(retry.serverHello?.isHelloRetryRequest, true)
        XCTAssertEqual(retry.serverHello?.keyShareGroup, 0x0018) // the server only takes secp384r1

        let first = try XCTUnwrap(try transcript.parsed("ClientHello", 0, negotiatedVersion: nil).clientHello)
        let second = try XCTUnwrap(try transcript.parsed("ClientHello", 1, negotiatedVersion: nil).clientHello)
        XCTAssertEqual(first.serverName, "retry.test")
        XCTAssertEqual(first.supportedGroups, [0x001D, 0x0018])
        XCTAssertEqual(first.keyShareGroups, [0x001D])
        XCTAssertEqual(second.keyShareGroups, [0x0018])

        let serverHello = try transcript.parsed("ServerHello", 1, negotiatedVersion: tls13)
        XCTAssertEqual(serverHello.typeName, "ServerHello")
        XCTAssertEqual(serverHello.serverHello?.keyShareGroup, 0x0018)

        let request = try XCTUnwrap(try transcript.parsed("CertificateRequest", negotiatedVersion: tls13).certificateRequest)
        guard case .tls13(let context, let extensions, let algorithms) = request else { return XCTFail("\(request)") }
        XCTAssertEqual(context, [])
        XCTAssertEqual(extensions.map(\.name), ["signature_algorithms"])
        XCTAssertEqual(algorithms.first, 0x0403)

        // The client's own Certificate and CertificateVerify, received by the server.
        let clientCertificate = try XCTUnwrap(try transcript.parsed("Certificate", 1, negotiatedVersion: tls13).certificate)
        XCTAssertEqual(clientCertificate.entries.count, 1)
        assertLooksLikeDER(clientCertificate.derCertificates[0])
        XCTAssertEqual(try transcript.parsed("CertificateVerify", 1, negotiatedVersion: tls13).certificateVerify?.signature.scheme, 0x0403)
    }

    func testClientHelloSummaryIsOrderedAndNamed() throws {
        let message = try Transcript(fixture: "curl-tls13.txt").parsed("ClientHello", negotiatedVersion: nil)
        let summary = message.summary()
        XCTAssertEqual(summary.map(\.key), [
            "versions", "cipher_suites", "sni", "alpn", "groups", "signature_algorithms", "key_shares", "psk_modes",
            "ec_point_formats", "session_ticket", "pre_shared_key", "early_data", "ech", "grease", "random",
            "session_id", "ja3", "ja4", "extensions",
        ])
        let values = Dictionary(uniqueKeysWithValues: summary.map { ($0.key, $0.value) })
        XCTAssertEqual(values["versions"], .strings(["TLSv1.3"]))
        XCTAssertEqual(values["cipher_suites"], .strings(["TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                                                          "TLS_AES_128_GCM_SHA256", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"]))
        XCTAssertEqual(values["sni"], .string("localhost"))
        XCTAssertEqual(values["key_shares"], .strings(["x25519"]))
        XCTAssertEqual(values["psk_modes"], .strings(["psk_dhe_ke"]))
        XCTAssertEqual(values["grease"], .bool(false))
    }

    func testServerHelloSummary() throws {
        let summary = try Transcript(fixture: "curl-tls13.txt").parsed("ServerHello", negotiatedVersion: tls13).summary()
        let values = Dictionary(uniqueKeysWithValues: summary.map { ($0.key, $0.value) })
        XCTAssertEqual(values["version"], .string("TLSv1.3"))
        XCTAssertEqual(values["cipher"], .string("TLS_AES_256_GCM_SHA384"))
        XCTAssertEqual(values["group"], .string("x25519"))
        XCTAssertEqual(values["hello_retry_request"], .bool(false))
        XCTAssertEqual(values["ja3s"], .string("771,4866,43-51"))
        XCTAssertEqual(values["ja4s"], .string("t130200_1302_a56c5b993250"))
    }
}

/// A DER SEQUENCE whose two-byte long-form length spans exactly the rest of the bytes.
func assertLooksLikeDER(_ der: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertGreaterThan(der.count, 4, file: file, line: line)
    guard der.count > 4 else { return }
    XCTAssertEqual(der[0], 0x30, file: file, line: line)
    XCTAssertEqual(der[1], 0x82, file: file, line: line)
    XCTAssertEqual(Int(der[2]) << 8 | Int(der[3]), der.count - 4, file: file, line: line)
}
