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
}
