import TLSMessages
import XCTest

/// `openssl s_client -tls1_2` against `openssl s_server`, with and without a client certificate
/// (see Fixtures/README.md): the full TLS 1.2 ECDHE walk of the seed.
final class TLS12TranscriptTests: XCTestCase {
    private let tls12: UInt16 = 0x0303

    func testClientHelloOffersWhatTheCommandLineAskedFor() throws {
        let hello = try XCTUnwrap(try Transcript(fixture: "s_client-tls12.txt").parsed("ClientHello", negotiatedVersion: nil).clientHello)
        XCTAssertEqual(hello.legacyVersion, 0x0303)
        XCTAssertEqual(hello.supportedVersions, []) // -tls1_2 caps the offer, so no supported_versions
        XCTAssertEqual(hello.highestVersion, 0x0303)
        XCTAssertEqual(hello.serverName, "example.test")
        XCTAssertEqual(hello.alpnProtocols, ["http/1.1"])
        XCTAssertTrue(hello.offersSessionTicket)
        XCTAssertEqual(hello.keyShareGroups, [])
        XCTAssertEqual(hello.cipherSuites.count, 28)
        XCTAssertEqual(hello.cipherSuites.first, 0xC02C)
        XCTAssertEqual(hello.cipherSuites.last, 0x00FF)
        XCTAssertFalse(hello.cipherSuites.contains(0x1301)) // no TLS 1.3 suites in a 1.2-only offer
    }

    func testServerFlight() throws {
        let transcript = try Transcript(fixture: "s_client-tls12.txt")
        let serverHello = try XCTUnwrap(try transcript.parsed("ServerHello", negotiatedVersion: tls12).serverHello)
        XCTAssertEqual(serverHello.version, 0x0303)
        XCTAssertNil(serverHello.selectedVersion)
        XCTAssertEqual(serverHello.cipherSuite, 0xC02C)
        XCTAssertEqual(serverHello.alpnProtocol, "http/1.1") // TLS 1.2 answers ALPN in the ServerHello
        XCTAssertNil(serverHello.keyShareGroup)
        XCTAssertEqual(serverHello.sessionID, []) // OpenSSL issues a ticket instead of a session id

        let certificate = try XCTUnwrap(try transcript.parsed("Certificate", negotiatedVersion: tls12).certificate)
        XCTAssertNil(certificate.requestContext)
        XCTAssertEqual(certificate.derCertificates.count, 1)
        assertLooksLikeDER(certificate.derCertificates[0])

        let keyExchange = try transcript.parsed("ServerKeyExchange", negotiatedVersion: tls12)
        guard case .ecdhe(let curve, let publicKeyLength, let signature)? = keyExchange.serverKeyExchange else {
            return XCTFail("\(keyExchange)")
        }
        XCTAssertEqual(curve, 0x001D)
        XCTAssertEqual(publicKeyLength, 32)
        XCTAssertEqual(signature.scheme, 0x0403)
        XCTAssertEqual(keyExchange.summary().first?.value, .string("ecdhe"))

        XCTAssertEqual(try transcript.parsed("ServerHelloDone", negotiatedVersion: tls12), .serverHelloDone)
        XCTAssertEqual(try transcript.parsed("ClientKeyExchange", negotiatedVersion: tls12).clientKeyExchange?.publicValueLength, 32)
        XCTAssertEqual(try transcript.parsed("Finished", negotiatedVersion: tls12), .finished(verifyDataLength: 12))

        let ticket = try XCTUnwrap(try transcript.parsed("NewSessionTicket", negotiatedVersion: tls12).newSessionTicket)
        XCTAssertEqual(ticket.lifetimeSeconds, 7200)
        XCTAssertNil(ticket.tls13)
        XCTAssertGreaterThan(ticket.ticketLength, 0)
    }

    func testECDHERSAServerKeyExchangeIsSignedWithAnRSAScheme() throws {
        // The seed's own case: an RSA certificate, so an ECDHE_RSA suite and an RSA-signed key exchange.
        let transcript = try Transcript(fixture: "s_client-tls12-rsa.txt")
        let serverHello = try XCTUnwrap(try transcript.parsed("ServerHello", negotiatedVersion: tls12).serverHello)
        XCTAssertEqual(NameTable.cipherSuites.name(serverHello.cipherSuite), "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")

        let keyExchange = try transcript.parsed("ServerKeyExchange", negotiatedVersion: tls12)
        guard case .ecdhe(let curve, let publicKeyLength, let signature)? = keyExchange.serverKeyExchange else {
            return XCTFail("\(keyExchange)")
        }
        XCTAssertEqual(NameTable.namedGroups.name(curve), "x25519")
        XCTAssertEqual(publicKeyLength, 32)
        XCTAssertEqual(signature.schemeName, "rsa_pss_rsae_sha256")
        XCTAssertEqual(signature.length, 256)  // a 2048-bit RSA key signs 256 bytes
        XCTAssertEqual(keyExchange.summary().map(\.key), ["kind", "group", "public_key_length", "signature_algorithm"])
        XCTAssertEqual(try transcript.parsed("ClientKeyExchange", negotiatedVersion: tls12).clientKeyExchange?.publicValueLength, 32)
    }

    func testCertificateRequestAndClientCertificate() throws {
        let transcript = try Transcript(fixture: "s_client-tls12-mutual.txt")
        let request = try XCTUnwrap(try transcript.parsed("CertificateRequest", negotiatedVersion: tls12).certificateRequest)
        guard case .tls12(let types, let algorithms, let authorityCount) = request else { return XCTFail("\(request)") }
        XCTAssertEqual(NameTable.clientCertificateTypes.names(types), ["rsa_sign", "dss_sign", "ecdsa_sign"])
        XCTAssertEqual(algorithms.first, 0x0403)
        XCTAssertEqual(authorityCount, 0) // s_server -Verify without -CAfile names no CAs

        let clientCertificate = try XCTUnwrap(try transcript.parsed("Certificate", 1, negotiatedVersion: tls12).certificate)
        assertLooksLikeDER(clientCertificate.derCertificates[0])
        XCTAssertEqual(try transcript.parsed("CertificateVerify", negotiatedVersion: tls12).certificateVerify?.signature.scheme, 0x0403)
    }

    func testTLS10SignaturesHaveNoScheme() throws {
        // TLS 1.0/1.1 CertificateVerify: just a u16-prefixed signature.
        let bytes = HelloBuilder.handshake(type: 15, body: HelloBuilder.vector16([1, 2, 3]))
        let verify = try XCTUnwrap(try HandshakeMessage.parse(bytes: bytes, negotiatedVersion: 0x0301).certificateVerify)
        XCTAssertNil(verify.signature.scheme)
        XCTAssertEqual(verify.signature.length, 3)
        XCTAssertEqual(verify.signature.schemeName, "implicit")
        XCTAssertEqual(try HandshakeMessage.parse(bytes: bytes, negotiatedVersion: nil), .certificateVerify(verify))
    }
}
