import TestSupport
import TLSMessages
import XCTest

/// Hostile and damaged input must throw or decode — never trap, read out of bounds, or hang.
final class MalformedInputTests: XCTestCase {
    private func fixtureMessages() throws -> [Transcript.Message] {
        try Transcript.fixtureNames.flatMap { try Transcript(fixture: $0).messages }
    }

    func testEveryTruncationOfEveryFixtureMessageThrows() throws {
        var truncations = 0
        for message in try fixtureMessages() {
            for length in 0..<message.bytes.count {
                let prefix = Array(message.bytes.prefix(length))
                for version: UInt16? in [nil, 0x0303, 0x0304] {
                    XCTAssertThrowsError(try TLSRecordMessage.parse(contentType: message.contentType, bytes: prefix,
                                                                    negotiatedVersion: version),
                                         "\(message.openSSLName) cut to \(length) bytes")
                    truncations += 1
                }
            }
        }
        XCTAssertGreaterThan(truncations, 10_000)
    }

    /// Flips 1–4 random bytes of random fixture messages (deterministic seed), mostly past the header so
    /// the body decoders see the damage; also fixes up the header length so it still matches.
    func testRandomByteFlipsNeverCrash() throws {
        let messages = try fixtureMessages().filter { $0.contentType == 22 }
        var random = SplitMix64(seed: 0x7153_7065_656B)
        var outcomes = (parsed: 0, threw: 0)
        for _ in 0..<4000 {
            var bytes = messages[Int(random.next() % UInt64(messages.count))].bytes
            for _ in 0...(random.next() % 4) {
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] ^= UInt8(truncatingIfNeeded: random.next() % 255 + 1)
            }
            for version: UInt16? in [nil, 0x0303, 0x0304] {
                if (try? HandshakeMessage.parse(bytes: bytes, negotiatedVersion: version)) != nil {
                    outcomes.parsed += 1
                } else {
                    outcomes.threw += 1
                }
            }
        }
        // Both paths were exercised: damage inside opaque bytes (randoms, keys) still decodes.
        XCTAssertGreaterThan(outcomes.parsed, 1000)
        XCTAssertGreaterThan(outcomes.threw, 1000)
    }

    func testRandomBodiesForEveryHandshakeTypeNeverCrash() {
        var random = SplitMix64(seed: 42)
        for type in Array(UInt8(0)...UInt8(30)) + [67, 254, 255] {
            for _ in 0..<200 {
                let body = (0..<Int(random.next() % 80)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let bytes = HelloBuilder.handshake(type: type, body: body)
                for version: UInt16? in [nil, 0x0301, 0x0303, 0x0304] {
                    _ = try? HandshakeMessage.parse(bytes: bytes, negotiatedVersion: version)
                }
            }
        }
    }

    func testHandshakeLengthBeyondTheBytesNamesTheField() {
        XCTAssertThrowsError(try HandshakeMessage.parse(bytes: [1, 0, 1, 0, 3, 3], negotiatedVersion: nil)) { error in
            XCTAssertEqual(error as? TLSParseError, TLSParseError(
                field: "ClientHello.length", offset: 1, problem: .lengthExceedsBuffer(declared: 256, available: 2)))
        }
        XCTAssertThrowsError(try HandshakeMessage.parse(bytes: [14, 0, 0, 0, 0], negotiatedVersion: nil)) { error in
            XCTAssertEqual(error as? TLSParseError, TLSParseError(
                field: "ServerHelloDone.length", offset: 1, problem: .trailingBytes(count: 1)))
        }
    }

    func testCipherSuitesLengthBeyondTheBytesNamesTheField() {
        var bytes = HelloBuilder.clientHello(cipherSuites: [0x1301, 0x1302], extensions: [])
        let lengthOffset = 4 + 2 + 32 + 1 // header, legacy_version, random, empty session_id
        bytes[lengthOffset] = 0xFF
        bytes[lengthOffset + 1] = 0xFF
        XCTAssertThrowsError(try HandshakeMessage.parse(bytes: bytes, negotiatedVersion: nil)) { error in
            let parseError = error as? TLSParseError
            XCTAssertEqual(parseError?.field, "ClientHello.cipher_suites")
            XCTAssertEqual(parseError?.offset, lengthOffset)
            XCTAssertEqual(parseError?.problem, .lengthExceedsBuffer(declared: 0xFFFF, available: bytes.count - lengthOffset - 2))
        }
    }

    func testExtensionLengthBeyondTheBytesNamesTheExtension() {
        // server_name declares 0x0100 bytes of contents but the message ends after 2.
        let body = HelloBuilder.u16(0x0303) + [UInt8](repeating: 0, count: 32) + [0] + HelloBuilder.u16List([0x1301]) + [1, 0]
            + HelloBuilder.u16(6) + [0x00, 0x00, 0x01, 0x00, 0xAA, 0xBB]
        XCTAssertThrowsError(try HandshakeMessage.parse(bytes: HelloBuilder.handshake(type: 1, body: body), negotiatedVersion: nil)) { error in
            XCTAssertEqual((error as? TLSParseError)?.field, "ClientHello.extensions.server_name")
            XCTAssertEqual((error as? TLSParseError)?.problem, .lengthExceedsBuffer(declared: 256, available: 2))
        }
    }

    func testMalformedExtensionContentsNameTheExtension() {
        // supported_groups with an odd-length list.
        let bytes = HelloBuilder.clientHello(cipherSuites: [0x1301], extensions: [(0x000A, [0, 3, 0, 0x1D, 0])])
        XCTAssertThrowsError(try HandshakeMessage.parse(bytes: bytes, negotiatedVersion: nil)) { error in
            XCTAssertEqual((error as? TLSParseError)?.field, "extension.supported_groups")
        }
    }
}
