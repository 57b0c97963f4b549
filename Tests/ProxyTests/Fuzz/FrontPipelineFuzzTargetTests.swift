import XCTest

/// The fuzz target is only worth its inputs if it really relays: a request reaches the origin and
/// its answer the client, a refused one reaches nobody.
final class FrontPipelineFuzzTargetTests: XCTestCase {
    func testAWellFormedRequestIsRelayedBothWays() throws {
        let request = Array("GET /x HTTP/1.1\r\nHost: origin.test\r\n\r\n".utf8)
        for split in [0, 10, request.count] {
            let outcome = try FrontPipelineFuzzTarget.run(request, splitAt: split)
            XCTAssertEqual(outcome.toOrigins.map { String(decoding: $0, as: UTF8.self) },
                           ["GET /x HTTP/1.1\r\nHost: origin.test\r\n\r\n"], "split at \(split)")
            XCTAssertTrue(String(decoding: outcome.toClient, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n"), "split at \(split)")
        }
    }

    func testASmugglingAttemptReachesNoOrigin() throws {
        let request = Array(("POST /x HTTP/1.1\r\nHost: origin.test\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                             + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: origin.test\r\n\r\n").utf8)
        let outcome = try FrontPipelineFuzzTarget.run(request, splitAt: request.count)
        XCTAssertEqual(outcome.toOrigins, [])
        XCTAssertTrue(String(decoding: outcome.toClient, as: UTF8.self).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
    }
}
