import XCTest
import Proxy

final class ConnectTargetTests: XCTestCase {
    func testAuthorities() {
        XCTAssertEqual(ConnectTarget(authority: "example.com:443"), ConnectTarget(host: "example.com", port: 443))
        XCTAssertEqual(ConnectTarget(authority: "[::1]:8443"), ConnectTarget(host: "::1", port: 8443))
        XCTAssertEqual(ConnectTarget(authority: "example.com", defaultPort: 80), ConnectTarget(host: "example.com", port: 80))
        XCTAssertEqual(ConnectTarget(authority: "[::1]", defaultPort: 80)?.host, "::1")
    }

    func testRejectsMalformedAuthorities() {
        for text in ["example.com", ":443", "example.com:", "example.com:0", "example.com:65536", "example.com:+1",
                     "::1:443", "[::1", "[::1]x", "a b:1", "a/b:1"] {
            XCTAssertNil(ConnectTarget(authority: text), text)
        }
    }

    func testDescriptionBracketsIPv6() {
        XCTAssertEqual(ConnectTarget(host: "::1", port: 443).description, "[::1]:443")
        XCTAssertEqual(ConnectTarget(host: "[::1]", port: 443).host, "::1")
        XCTAssertEqual(ConnectTarget(host: "example.com", port: 80).description, "example.com:80")
    }
}
