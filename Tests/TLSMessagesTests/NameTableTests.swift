import TLSMessages
import XCTest

final class NameTableTests: XCTestCase {
    func testGREASEIsRecognisedOnlyForTheSixteenReservedValues() {
        let reserved = (0...15).map { UInt16($0 << 12 | 0x0A00 | $0 << 4 | 0x000A) }
        XCTAssertEqual(reserved.first, 0x0A0A)
        XCTAssertEqual(reserved.last, 0xFAFA)
        XCTAssertTrue(reserved.allSatisfy(GREASE.matches))
        XCTAssertEqual((0...UInt16.max).filter(GREASE.matches).count, 16)
        XCTAssertFalse(GREASE.matches(0x0A1A))
        XCTAssertEqual(NameTable.cipherSuites.name(0x1A1A), "GREASE")
        XCTAssertEqual(NameTable.namedGroups.name(0xCACA), "GREASE")
        XCTAssertEqual(NameTable.extensionTypes.name(0x0A0A), "GREASE")
    }

    func testUnknownValuesPrintAsHex() {
        XCTAssertEqual(NameTable.cipherSuites.name(0xC0FF), "0xC0FF")
        XCTAssertEqual(NameTable.namedGroups.name(0x0042), "0x0042")
        XCTAssertEqual(NameTable.alertDescriptions.name(UInt8(200)), "0xC8")
        XCTAssertEqual(NameTable.handshakeTypes.name(UInt8(99)), "0x63")
    }

    func testRegisteredNames() {
        XCTAssertEqual(NameTable.cipherSuites.name(0x1301), "TLS_AES_128_GCM_SHA256")
        XCTAssertEqual(NameTable.cipherSuites.name(0xC02B), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
        XCTAssertEqual(NameTable.cipherSuites.name(0x00FF), "TLS_EMPTY_RENEGOTIATION_INFO_SCSV")
        XCTAssertEqual(NameTable.cipherSuites.name(0x5600), "TLS_FALLBACK_SCSV")
        XCTAssertEqual(NameTable.namedGroups.name(0x11EC), "X25519MLKEM768")
        XCTAssertEqual(NameTable.namedGroups.name(0x0100), "ffdhe2048")
        XCTAssertEqual(NameTable.signatureSchemes.name(0x0804), "rsa_pss_rsae_sha256")
        XCTAssertEqual(NameTable.signatureSchemes.name(0x0807), "ed25519")
        XCTAssertEqual(NameTable.extensionTypes.name(0x0010), "application_layer_protocol_negotiation")
        XCTAssertEqual(NameTable.extensionTypes.name(0xFE0D), "encrypted_client_hello")
        XCTAssertEqual(NameTable.protocolVersions.name(0x0304), "TLSv1.3")
        XCTAssertEqual(NameTable.protocolVersions.name(0x0303), "TLSv1.2")
        XCTAssertEqual(NameTable.alertDescriptions.name(UInt8(48)), "unknown_ca")
        XCTAssertEqual(NameTable.alertDescriptions.name(UInt8(120)), "no_application_protocol")
        XCTAssertEqual(NameTable.handshakeTypes.name(UInt8(254)), "MessageHash")
    }

    func testEverySuiteGroupAndSchemeOfferedByCurlAndOpenSSLHasAName() throws {
        for name in Transcript.fixtureNames {
            for message in try Transcript(fixture: name).handshakes(named: "ClientHello") {
                guard case .clientHello(let hello) = try HandshakeMessage.parse(bytes: message.bytes, negotiatedVersion: nil)
                else { return XCTFail("not a ClientHello") }
                let names = NameTable.cipherSuites.names(hello.cipherSuites) + NameTable.namedGroups.names(hello.supportedGroups)
                    + NameTable.signatureSchemes.names(hello.signatureAlgorithms) + hello.extensions.map(\.name)
                XCTAssertEqual(names.filter { $0.hasPrefix("0x") }, [], name)
            }
        }
    }
}
