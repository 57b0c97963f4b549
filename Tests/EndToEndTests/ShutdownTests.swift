import Foundation
import TestSupport
import XCTest

/// Ctrl-C on an idle proxy is a clean stop: exit status 0 and a complete, well-formed log.
final class ShutdownTests: EndToEndTestCase {
    func testSIGINTWhileIdleExitsZeroWithWellFormedRecords() throws {
        let server = try startFileOrigin(files: ["a.txt": "a\n"])
        let proxy = try startProxy()
        // Some traffic first, a success and a failure, so the log has tls, http and error records.
        let curl = try curl(through: proxy)
        XCTAssertEqual(try curl.fetch("https://localhost:\(server.port)/a.txt").status, "200")
        XCTAssertEqual(try curl.fetch("https://localhost:\(ClosedPort.make())/").status, "502")

        XCTAssertEqual(proxy.stop(), 0, proxy.output)
        let log = try FlowLog(path: proxy.logPath)
        XCTAssertEqual(Set(log.records.compactMap { $0["type"] as? String }), ["tls", "http", "error"], log.text)
        let rfc3339Milliseconds = try NSRegularExpression(pattern: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$"#)
        for (line, record) in zip(log.lines, log.records) {
            XCTAssertNotNil(record["type"] as? String, line)
            XCTAssertNotNil(record["connection"] as? Int, line)
            let time = record["time"] as? String ?? ""
            XCTAssertNotNil(rfc3339Milliseconds.firstMatch(in: time, range: NSRange(time.startIndex..., in: time)), line)
        }
    }

    func testSIGINTRightAfterStartExitsZero() throws {
        let proxy = try TLSPeekProcess()
        XCTAssertEqual(proxy.stop(), 0, proxy.output)
    }
}
