import TLSMessages
import XCTest

final class TLSRecordMessageTests: XCTestCase {
    func testUntrustedCertificateEndsWithFatalUnknownCA() throws {
        let alerts = try Transcript(fixture: "curl-untrusted-tls13.txt").messages.filter { $0.contentType == 21 }
        XCTAssertEqual(alerts.count, 1)
        let message = try TLSRecordMessage.parse(contentType: 21, bytes: alerts[0].bytes, negotiatedVersion: 0x0304)
        guard case .alert(let alert) = message else { return XCTFail("\(message)") }
        XCTAssertEqual(alert.level, .fatal)
        XCTAssertEqual(alert.descriptionName, "unknown_ca")
        XCTAssertEqual("\(alert.level.name) \(alert.descriptionName)", alerts[0].openSSLName)
        XCTAssertEqual(message.typeName, "Alert")
        XCTAssertEqual(message.summary().map(\.key), ["level", "description"])
    }

    func testEveryFixtureMessageDecodesAndMatchesOpenSSLsName() throws {
        for name in Transcript.fixtureNames {
            let version: UInt16 = name.contains("tls13") ? 0x0304 : 0x0303
            for message in try Transcript(fixture: name).messages {
                let decoded = try TLSRecordMessage.parse(contentType: message.contentType, bytes: message.bytes,
                                                         negotiatedVersion: version)
                switch decoded {
                case .handshake(let handshake):
                    // OpenSSL names a HelloRetryRequest "ServerHello".
                    XCTAssertEqual(handshake.typeName.replacingOccurrences(of: "HelloRetryRequest", with: "ServerHello"),
                                   message.openSSLName, name)
                case .alert(let alert):
                    XCTAssertEqual("\(alert.level.name) \(alert.descriptionName)", message.openSSLName, name)
                case .changeCipherSpec:
                    XCTAssertEqual(message.bytes, [1])
                case .other:
                    XCTFail("\(name): \(message.openSSLName) not decoded")
                }
                // Without the version, the layout is guessed from the bytes and must come out the same.
                XCTAssertEqual(try TLSRecordMessage.parse(contentType: message.contentType, bytes: message.bytes,
                                                          negotiatedVersion: nil), decoded, "\(name) \(message.openSSLName)")
            }
        }
    }

    func testChangeCipherSpecMustBeTheSingleByteOne() {
        XCTAssertEqual(try TLSRecordMessage.parse(contentType: 20, bytes: [1], negotiatedVersion: nil), .changeCipherSpec)
        XCTAssertThrowsError(try TLSRecordMessage.parse(contentType: 20, bytes: [2], negotiatedVersion: nil))
        XCTAssertThrowsError(try TLSRecordMessage.parse(contentType: 20, bytes: [], negotiatedVersion: nil))
    }

    func testAlertLevelsAndUnknownDescriptions() throws {
        let warning = try Alert(bytes: [1, 0])
        XCTAssertEqual(warning.level, .warning)
        XCTAssertEqual(warning.descriptionName, "close_notify")
        let odd = try Alert(bytes: [7, 199])
        XCTAssertEqual(odd.level, .unknown(7))
        XCTAssertEqual(odd.descriptionName, "0xC7")
        XCTAssertThrowsError(try Alert(bytes: [2]))
        XCTAssertThrowsError(try Alert(bytes: [2, 40, 0]))
    }

    func testOtherContentTypesAreReportedNotDecoded() throws {
        let message = try TLSRecordMessage.parse(contentType: 23, bytes: [1, 2, 3], negotiatedVersion: nil)
        XCTAssertEqual(message, .other(contentType: 23, length: 3))
    }

    func testSmallHandshakeMessages() throws {
        XCTAssertEqual(try HandshakeMessage.parse(bytes: [14, 0, 0, 0], negotiatedVersion: nil), .serverHelloDone)
        XCTAssertEqual(try HandshakeMessage.parse(bytes: [5, 0, 0, 0], negotiatedVersion: nil), .endOfEarlyData)
        XCTAssertEqual(try HandshakeMessage.parse(bytes: [24, 0, 0, 1, 1], negotiatedVersion: 0x0304).keyUpdate?.updateRequested, true)
        XCTAssertEqual(try HandshakeMessage.parse(bytes: [24, 0, 0, 1, 0], negotiatedVersion: 0x0304).keyUpdate?.updateRequested, false)
        XCTAssertThrowsError(try HandshakeMessage.parse(bytes: [24, 0, 0, 1, 2], negotiatedVersion: 0x0304))
        XCTAssertEqual(try HandshakeMessage.parse(bytes: [254, 0, 0, 2, 9, 9], negotiatedVersion: nil), .messageHash(hashLength: 2))
        let status = try HandshakeMessage.parse(bytes: [22, 0, 0, 1, 0], negotiatedVersion: nil)
        XCTAssertEqual(status, .other(type: 22, bodyLength: 1))
        XCTAssertEqual(status.typeName, "CertificateStatus")
        XCTAssertEqual(try HandshakeMessage.parse(bytes: [99, 0, 0, 0], negotiatedVersion: nil).typeName, "0x63")
    }
}
