import NIOCore
import XCTest
@testable import Proxy

final class ProtocolSnifferTests: XCTestCase {
    private func classify(_ bytes: [UInt8]) -> SniffedProtocol? {
        ProtocolSniffer.classify(ByteBuffer(bytes: bytes))
    }

    func testTLSHandshakeRecord() {
        XCTAssertEqual(classify([0x16, 0x03, 0x01, 0x02, 0x00]), .tls)
        XCTAssertNil(classify([0x16]), "one byte is not enough")
        XCTAssertEqual(classify([0x16, 0x02]), .other)
    }

    func testHTTPRequestLine() {
        XCTAssertEqual(classify(Array("GET / HTTP/1.1\r\n".utf8)), .http)
        XCTAssertEqual(classify(Array("VERSION-CONTROL /".utf8)), .http)
        XCTAssertNil(classify(Array("POS".utf8)), "could still become a method")
    }

    func testOtherBytes() {
        XCTAssertEqual(classify(Array("SSH-2.0-OpenSSH\r\n".utf8)), .other)
        XCTAssertEqual(classify(Array(" GET".utf8)), .other)
        XCTAssertEqual(classify(Array("get / HTTP/1.1".utf8)), .other)
        XCTAssertEqual(classify(Array(repeating: UInt8(ascii: "A"), count: 30)), .other)
        XCTAssertNil(classify([]))
    }
}
