import XCTest
@testable import TLS

final class ClientHelloExtensionTests: XCTestCase {
    func testServerNameExtension() {
        let name = Array("example.com".utf8)
        let entry = [0] + [0, UInt8(name.count)] + name
        XCTAssertEqual(ClientHelloExtension.serverName([0, UInt8(entry.count)] + entry), "example.com")
    }

    func testServerNameRejectsTruncatedBody() {
        XCTAssertNil(ClientHelloExtension.serverName([0, 20, 0, 0, 11, 0x61]))
        XCTAssertNil(ClientHelloExtension.serverName([]))
    }

    func testALPNExtensionAndSelectCallbackList() {
        let list: [UInt8] = [2] + Array("h2".utf8) + [8] + Array("http/1.1".utf8)
        XCTAssertEqual(ClientHelloExtension.alpnProtocols([0, UInt8(list.count)] + list), ["h2", "http/1.1"])
        XCTAssertEqual(ClientHelloExtension.alpnProtocols(list, listPrefixed: false), ["h2", "http/1.1"])
        XCTAssertEqual(ClientHelloExtension.alpnProtocols([0, 9, 8, 0x68]), [])
    }
}
