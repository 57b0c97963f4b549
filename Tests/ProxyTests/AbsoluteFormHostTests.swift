import NIOHTTP1
import XCTest
@testable import Proxy

final class AbsoluteFormHostTests: XCTestCase {
    func testAuthorityOfEachTargetForm() {
        let cases: [(target: String, authority: String?)] = [
            ("http://example.com/x", "example.com"),
            ("https://example.com:8443?q", "example.com:8443"),
            ("http://user:pw@example.com/", "example.com"),
            ("HTTP://[::1]:80#f", "[::1]:80"),
            ("/x", nil), ("*", nil), ("example.com:443", nil), ("http:///x", nil), ("://x", nil), ("/r?u=http://a/", nil),
        ]
        for (target, authority) in cases {
            XCTAssertEqual(AbsoluteFormHost.authority(of: target), authority, target)
        }
    }

    func testHostIsReplacedOnlyForAbsoluteForm() {
        var absolute = HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://a.example/", headers: ["Host": "b.example"])
        AbsoluteFormHost.apply(to: &absolute)
        XCTAssertEqual(absolute.headers["host"], ["a.example"])
        var origin = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: ["Host": "b.example"])
        AbsoluteFormHost.apply(to: &origin)
        XCTAssertEqual(origin.headers["host"], ["b.example"])
    }
}
