import NIOHTTP1
import XCTest
@testable import Proxy

final class HopByHopHeadersTests: XCTestCase {
    func testRemovesFixedAndListedFields() {
        var headers: HTTPHeaders = [
            "Connection": "close, X-Listed", "connection": "Another", "X-Listed": "1", "Another": "2",
            "Keep-Alive": "timeout=5", "Proxy-Connection": "keep-alive", "TE": "trailers", "Trailer": "X",
            "Transfer-Encoding": "chunked", "Upgrade": "h2c", "Proxy-Authorization": "Basic x",
            "Proxy-Authenticate": "Basic", "Content-Type": "text/plain", "Cache-Control": "no-cache",
        ]
        HopByHopHeaders.remove(from: &headers)
        XCTAssertEqual(headers.map(\.name), ["Content-Type", "Cache-Control"])
    }

    func testExactlyTheRFC9110SetGoesIncludingAnyCaseAndLookAlikesStay() {
        var headers = HTTPHeaders(HopByHopHeaders.names.map { ($0.uppercased(), "x") } + [
            ("Upgrade-Insecure-Requests", "1"), ("TEX", "1"), ("Keep-Alive-Extra", "1"), ("Connection2", "1"),
            ("Proxy", "1"), ("Trailers", "1"),
        ])
        HopByHopHeaders.remove(from: &headers)
        XCTAssertEqual(headers.map(\.name), ["Upgrade-Insecure-Requests", "TEX", "Keep-Alive-Extra", "Connection2", "Proxy", "Trailers"])
    }

    func testConnectionListedNamesMatchInAnyCase() {
        var headers: HTTPHeaders = ["CONNECTION": " x-Private ,keep-alive", "X-PRIVATE": "1", "x-private": "2", "Accept": "*/*"]
        HopByHopHeaders.remove(from: &headers)
        XCTAssertEqual(headers.map(\.name), ["Accept"])
    }

    func testHeadersWithoutHopByHopFieldsStayAsTheyWere() {
        let original: HTTPHeaders = ["Host": "a.example", "Accept": "*/*", "accept": "text/html", "User-Agent": "curl"]
        var headers = original
        HopByHopHeaders.remove(from: &headers)
        XCTAssertEqual(headers, original)
        XCTAssertEqual(headers.map(\.name), ["Host", "Accept", "accept", "User-Agent"])
    }
}
