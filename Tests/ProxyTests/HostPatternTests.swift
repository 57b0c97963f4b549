import XCTest
@testable import Proxy

final class HostPatternTests: XCTestCase {
    private func matches(_ pattern: String, _ host: String, _ port: Int = 443) throws -> Bool {
        try HostPattern(pattern).matches(host: host, port: port)
    }

    func testExactHost() throws {
        XCTAssertTrue(try matches("example.com", "example.com"))
        XCTAssertFalse(try matches("example.com", "www.example.com"))
        XCTAssertFalse(try matches("example.com", "example.com.evil"))
    }

    func testWildcardSubdomainsButNotTheDomainItself() throws {
        XCTAssertTrue(try matches("*.example.com", "www.example.com"))
        XCTAssertTrue(try matches("*.example.com", "a.b.example.com"), "* spans dots")
        XCTAssertFalse(try matches("*.example.com", "example.com"))
        XCTAssertFalse(try matches("*.example.com", "notexample.com"))
    }

    func testStarAndQuestionMark() throws {
        XCTAssertTrue(try matches("*", "anything.at.all"))
        XCTAssertTrue(try matches("api?.example.com", "api1.example.com"))
        XCTAssertFalse(try matches("api?.example.com", "api.example.com"))
        XCTAssertTrue(try matches("*bank*", "online.mybank.example"))
    }

    func testPort() throws {
        XCTAssertTrue(try matches("host:443", "host", 443))
        XCTAssertFalse(try matches("host:443", "host", 8443))
        XCTAssertTrue(try matches("host", "host", 8443), "no port matches every port")
        XCTAssertEqual(try HostPattern("host:443").port, 443)
        XCTAssertNil(try HostPattern("host").port)
    }

    func testCaseAndTrailingDot() throws {
        XCTAssertTrue(try matches("*.Example.COM", "WWW.example.com"))
        XCTAssertTrue(try matches("example.com.", "example.com"))
        XCTAssertTrue(try matches("example.com", "EXAMPLE.com."))
    }

    func testIPv4Literals() throws {
        XCTAssertTrue(try matches("10.0.0.*", "10.0.0.7"))
        XCTAssertFalse(try matches("10.0.0.*", "10.0.1.7"))
        XCTAssertTrue(try matches("127.0.0.1:8443", "127.0.0.1", 8443))
    }

    func testIPv6Literals() throws {
        XCTAssertTrue(try matches("[::1]", "::1"))
        XCTAssertTrue(try matches("[::1]:443", "[::1]", 443))
        XCTAssertFalse(try matches("[::1]:443", "::1", 80))
        XCTAssertTrue(try matches("::1", "[0:0:0:0:0:0:0:1]"), "compared after normalisation")
        XCTAssertTrue(try matches("[2001:DB8::1]", "2001:db8:0::1"))
        XCTAssertEqual(try HostPattern("[::1]:443").hostGlob, "::1")
    }

    func testInvalidPatternsThrowClearErrors() {
        func reason(_ text: String) -> String? {
            do {
                _ = try HostPattern(text)
                return nil
            } catch {
                return error.description
            }
        }
        XCTAssertEqual(reason(""), "invalid host pattern '': the pattern is empty")
        XCTAssertEqual(reason("host:0"), "invalid host pattern 'host:0': '0' is not a port number (1-65535)")
        XCTAssertEqual(reason("host:99999"), "invalid host pattern 'host:99999': '99999' is not a port number (1-65535)")
        XCTAssertEqual(reason("host:https"), "invalid host pattern 'host:https': 'https' is not a port number (1-65535)")
        XCTAssertEqual(reason("host:"), "invalid host pattern 'host:': '' is not a port number (1-65535)")
        XCTAssertEqual(reason(":443"), "invalid host pattern ':443': the host part is empty")
        XCTAssertEqual(reason("[::1"), "invalid host pattern '[::1': '[' without a closing ']'")
        XCTAssertEqual(reason("[::1]443"), "invalid host pattern '[::1]443': expected ':PORT' after ']'")
        XCTAssertNotNil(reason("exa mple.com"))
        XCTAssertNotNil(reason("http://example.com"))
    }
}
