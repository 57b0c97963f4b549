import Foundation
import TestSupport
import XCTest

/// Plain `http://` proxy requests are forwarded to the origin and recorded.
final class PlainHTTPTests: XCTestCase {
    func testGetAndPostThroughTheProxy() throws {
        let origin = try PythonOrigin(tls: nil)
        let proxy = try TLSPeekProcess()
        let base = "http://127.0.0.1:\(origin.port)"
        let curl = try Curl(proxyPort: proxy.port, trust: nil)

        let get = try curl.fetch("\(base)/hello")
        XCTAssertEqual(get.exitStatus, 0, get.diagnostics)
        XCTAssertEqual(get.status, "200")
        XCTAssertEqual(get.text, "hello from the python origin\n")
        let post = try curl.fetch("\(base)/echo", ["--data-binary", "plain body"])
        XCTAssertEqual(post.status, "200")
        XCTAssertEqual(post.text, "plain body")

        let log = try proxy.stopAndReadLog()
        let exchanges = log.records(ofType: "http")
        XCTAssertEqual(exchanges.compactMap { $0["method"] as? String }, ["GET", "POST"], log.text)
        XCTAssertEqual(exchanges.compactMap { $0["url"] as? String }, ["\(base)/hello", "\(base)/echo"], log.text)
        XCTAssertEqual(exchanges.compactMap { $0["status"] as? Int }, [200, 200], log.text)
        XCTAssertTrue(log.records(ofType: "tls").isEmpty, log.text)
    }
}
