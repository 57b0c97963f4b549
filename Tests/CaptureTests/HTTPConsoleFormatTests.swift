import XCTest
@testable import Capture

/// The console's `http` lines at each detail level.
final class HTTPConsoleFormatTests: XCTestCase {
    private let format = ConsoleFormat(style: ConsoleStyle(colours: false))

    func testOneLineWithSizeTimeAndTLSTag() {
        let lines = format.lines(for: HARTests.record(), detail: .exchanges)
        XCTAssertEqual(lines, ["#7 POST https://shop.example/search?q=red+shoes&page=2&x → 302 10485760 B 143 ms [TLS1.3]"])
    }

    func testHeadersAtHandshakesAndHexDumpOfBinaryAtBodies() {
        let headers = format.lines(for: HARTests.record(), detail: .handshakes)
        XCTAssertTrue(headers.contains("  > Cookie: sid=abc; theme=dark"), "\(headers)")
        XCTAssertTrue(headers.contains("  < Location: /next"), "\(headers)")
        XCTAssertFalse(headers.contains { $0.contains("a=1&b=2") }, "no bodies before -vv")
        let bodies = format.lines(for: HARTests.record(), detail: .bodies)
        XCTAssertTrue(bodies.contains("  > a=1&b=2"), "\(bodies)")
        XCTAssertTrue(bodies.contains("  < 0000  00 ff 10" + String(repeating: " ", count: 39) + "  ..."), "\(bodies)")
        XCTAssertTrue(bodies.contains("  < (preview truncated)"), "\(bodies)")
        XCTAssertLessThan(bodies.firstIndex(of: "  > a=1&b=2")!, bodies.firstIndex(of: "  < Location: /next")!,
                          "the request (headers, body), then the response")
    }

    func testDecodedTextIsShownAndNetworkTextIsEscaped() {
        let body: JSON = ["text": "H4sI", "encoding": "base64", "truncated": false, "content_encoding": "gzip",
                          "decoded": ["text": "line one\nbad \u{1b}[31m", "truncated": false]]
        let lines = format.lines(for: HARTests.record(responseBody: body), detail: .bodies)
        XCTAssertTrue(lines.contains("  < (decoded from gzip)"), "\(lines)")
        XCTAssertTrue(lines.contains("  < line one"), "\(lines)")
        XCTAssertTrue(lines.contains("  < bad \\u{1b}[31m"), "\(lines)")
    }

    func testTerminalEscapesInTheURLAndAResponseHeaderArePrintedEscaped() {
        let record = Record(kind: .http, connection: 3, fields: [
            ("method", "GET"), ("url", "https://evil.example/\u{1b}[31mred\r"), ("status", 200),
            ("response_headers", [["name": "X-Evil", "value": "\u{1b}[31mred\rover"]]),
        ])
        let lines = format.lines(for: record, detail: .handshakes)
        XCTAssertEqual(lines.first, "#3 GET https://evil.example/\\u{1b}[31mred\\u{d} → 200 - B")
        XCTAssertTrue(lines.contains("  < X-Evil: \\u{1b}[31mred\\u{d}over"), "\(lines)")
        XCTAssertFalse(lines.joined().unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\r" }, "\(lines)")
    }
}
