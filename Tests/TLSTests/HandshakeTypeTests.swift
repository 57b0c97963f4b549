import TLS
import XCTest

final class HandshakeTypeTests: XCTestCase {
    func testNames() {
        XCTAssertEqual(HandshakeType.name(of: 1), "ClientHello")
        XCTAssertEqual(HandshakeType.name(of: 12), "ServerKeyExchange")
        XCTAssertEqual(HandshakeType.name(of: 8), "EncryptedExtensions")
        XCTAssertEqual(HandshakeType.name(of: 99), "0x63")
        XCTAssertEqual(Set(HandshakeType.allCases.map(\.name)).count, HandshakeType.allCases.count)
    }
}
