import FuzzTargets
import XCTest

/// The front fuzz target is only worth its inputs if it really relays: a request reaches the origin
/// and its answer the client, a refused one reaches nobody, CONNECT reaches the tunnel and the
/// relay behind it.
final class FrontPipelineTests: XCTestCase {
    func testAWellFormedRequestIsRelayedBothWays() throws {
        let request = "GET http://origin.test/x HTTP/1.1\r\nHost: origin.test\r\n\r\n"
        for split in [0, 10, request.utf8.count] {
            let outcome = try FrontPipeline.run(Array(request.utf8), splitAt: split)
            XCTAssertEqual(outcome.toOrigins.map { String(decoding: $0, as: UTF8.self) },
                           ["GET /x HTTP/1.1\r\nhost: origin.test\r\n\r\n"], "split at \(split)")
            XCTAssertEqual(outcome.originSpeaksHTTP, [true])
            XCTAssertTrue(String(decoding: outcome.toClient, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n"), "split at \(split)")
        }
    }

    func testASmugglingAttemptReachesNoOrigin() throws {
        let request = "POST http://origin.test/x HTTP/1.1\r\nHost: origin.test\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
            + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: origin.test\r\n\r\n"
        let outcome = try FrontPipeline.run(Array(request.utf8), splitAt: request.utf8.count)
        XCTAssertEqual(outcome.toOrigins, [])
        XCTAssertTrue(String(decoding: outcome.toClient, as: UTF8.self).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
    }

    func testHTTPInsideCONNECTReachesTheRelayAndOtherBytesTheTunnel() throws {
        let connect = "CONNECT origin.test:80 HTTP/1.1\r\nHost: origin.test:80\r\n\r\n"
        let http = try FrontPipeline.run(Array((connect + "GET /in HTTP/1.1\r\nHost: origin.test\r\n\r\n").utf8), splitAt: 0)
        XCTAssertEqual(http.toOrigins.map { String(decoding: $0, as: UTF8.self) }, ["GET /in HTTP/1.1\r\nHost: origin.test\r\n\r\n"])
        XCTAssertEqual(http.originSpeaksHTTP, [true])
        XCTAssertTrue(String(decoding: http.toClient, as: UTF8.self).hasPrefix("HTTP/1.1 200 Connection Established\r\n"))

        let raw = try FrontPipeline.run(Array((connect + "\u{16}\u{3}\u{1}raw").utf8), splitAt: connect.utf8.count)
        XCTAssertEqual(raw.toOrigins, [Array("\u{16}\u{3}\u{1}raw".utf8)])
        XCTAssertEqual(raw.originSpeaksHTTP, [false])
    }
}
