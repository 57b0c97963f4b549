import XCTest
import Proxy

final class HostFilterTests: XCTestCase {
    func testDefaultInterceptsEverything() {
        XCTAssertEqual(HostFilter().shouldIntercept(host: "example.com", port: 443), .intercept)
    }

    func testIgnoreHosts() throws {
        let filter = try HostFilter(allow: [], ignore: ["*.bank.example"])
        XCTAssertEqual(filter.shouldIntercept(host: "www.bank.example", port: 443),
                       .passthrough(reason: "matches --ignore-hosts '*.bank.example'"))
        XCTAssertEqual(filter.shouldIntercept(host: "example.com", port: 443), .intercept)
    }

    func testAllowHosts() throws {
        let filter = try HostFilter(allow: ["example.com", "*.example.com"], ignore: [])
        XCTAssertEqual(filter.shouldIntercept(host: "example.com", port: 443), .intercept)
        XCTAssertEqual(filter.shouldIntercept(host: "api.example.com", port: 443), .intercept)
        XCTAssertEqual(filter.shouldIntercept(host: "other.org", port: 443),
                       .passthrough(reason: "not matched by --allow-hosts"))
    }

    func testIgnoreWinsOverAllow() throws {
        let filter = try HostFilter(allow: ["*.example.com"], ignore: ["login.example.com:443"])
        XCTAssertEqual(filter.shouldIntercept(host: "login.example.com", port: 443),
                       .passthrough(reason: "matches --ignore-hosts 'login.example.com:443'"))
        XCTAssertEqual(filter.shouldIntercept(host: "login.example.com", port: 8443), .intercept)
        XCTAssertEqual(filter.shouldIntercept(host: "www.example.com", port: 443), .intercept)
    }

    func testInvalidPatternIsReported() {
        XCTAssertThrowsError(try HostFilter(allow: ["ok.example"], ignore: ["bad:port"])) { error in
            XCTAssertEqual("\(error)", "invalid host pattern 'bad:port': 'port' is not a port number (1-65535)")
        }
    }
}
