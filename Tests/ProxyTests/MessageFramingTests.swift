import NIOHTTP1
import XCTest
@testable import Proxy

final class MessageFramingTests: XCTestCase {
    private func frame(_ status: HTTPResponseStatus, _ headers: HTTPHeaders = [:], method: HTTPMethod = .GET,
                       client: HTTPVersion = .http1_1) -> (HTTPHeaders, closeDelimited: Bool) {
        var head = HTTPResponseHead(version: .http1_0, status: status, headers: headers)
        let close = MessageFraming.frameResponse(&head, requestMethod: method, clientVersion: client)
        XCTAssertEqual(head.version, .http1_1)
        return (head.headers, close)
    }

    func testContentLengthIsKept() {
        let (headers, close) = frame(.ok, ["content-length": "5"])
        XCTAssertEqual(headers["content-length"], ["5"])
        XCTAssertFalse(headers.contains(name: "transfer-encoding"))
        XCTAssertFalse(close)
    }

    func testUnknownLengthIsChunkedForHTTP11AndCloseDelimitedForHTTP10() {
        XCTAssertEqual(frame(.ok).0["transfer-encoding"], ["chunked"])
        let (headers, close) = frame(.ok, client: .http1_0)
        XCTAssertFalse(headers.contains(name: "transfer-encoding"))
        XCTAssertTrue(close)
    }

    func testBodilessResponses() {
        let head = frame(.ok, ["content-length": "20"], method: .HEAD)
        XCTAssertEqual(head.0["content-length"], ["20"], "HEAD keeps the representation's length")
        XCTAssertFalse(head.0.contains(name: "transfer-encoding"))
        XCTAssertFalse(frame(.noContent, ["content-length": "0"]).0.contains(name: "content-length"))
        XCTAssertFalse(frame(.notModified).0.contains(name: "transfer-encoding"))
        XCTAssertFalse(frame(.continue).0.contains(name: "transfer-encoding"))
    }

    func testChunkedRequestBodyStaysChunked() {
        var head = HTTPRequestHead(version: .http1_1, method: .PUT, uri: "/")
        MessageFraming.frameRequest(&head, bodyWasChunked: true)
        XCTAssertEqual(head.headers["transfer-encoding"], ["chunked"])
        var sized = HTTPRequestHead(version: .http1_1, method: .PUT, uri: "/", headers: ["content-length": "3"])
        MessageFraming.frameRequest(&sized, bodyWasChunked: false)
        XCTAssertFalse(sized.headers.contains(name: "transfer-encoding"))
    }
}
