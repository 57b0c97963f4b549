import Foundation
import XCTest
@testable import Capture
import TestSupport

/// `http` records as HAR 1.2: the entry mapping and the streamed file.
final class HARTests: XCTestCase {
    /// An `http` record as the proxy writes it (see README "Records").
    static func record(connection: Int = 7, url: String = "https://shop.example/search?q=red+shoes&page=2&x",
                       requestBody: JSON? = ["text": "a=1&b=2", "truncated": false],
                       responseBody: JSON? = ["text": "AP8Q", "encoding": "base64", "truncated": true]) -> Record {
        var fields: [(String, JSON)] = [
            ("method", "POST"), ("url", .string(url)), ("http_version", "HTTP/1.1"), ("status", 302),
            ("status_text", "Found"), ("response_http_version", "HTTP/1.1"), ("content_type", "image/png"),
            ("request_headers", [["name": "Host", "value": "shop.example"], ["name": "Cookie", "value": "sid=abc; theme=dark"],
                                 ["name": "Content-Type", "value": "application/x-www-form-urlencoded"]]),
            ("response_headers", [["name": "Set-Cookie", "value": "sid=def; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; Secure"],
                                  ["name": "Location", "value": "/next"], ["name": "Content-Type", "value": "image/png"]]),
            ("request_body_bytes", 7), ("response_body_bytes", 10_485_760),
        ]
        if let requestBody { fields.append(("request_body", requestBody)) }
        if let responseBody { fields.append(("response_body", responseBody)) }
        let timings: JSON = ["started": "2026-11-30T15:04:05.123Z", "blocked": 0.5, "dns": -1, "connect": 12.0, "ssl": 8.0,
                             "send": 0.25, "wait": 30.0, "receive": 100.0, "total": 142.75]
        fields += [
            ("timings", timings), ("server_ip", "192.0.2.7"), ("tls", ["7.client", "7.upstream.1"]), ("tls_version", "TLSv1.3"),
        ]
        return Record(kind: .http, connection: connection, fields: fields)
    }

    func testEntryMapsRequestResponseAndTimings() throws {
        let entry = try XCTUnwrap(HAREntry(Self.record())).json
        XCTAssertEqual(entry["startedDateTime"], "2026-11-30T15:04:05.123Z")
        XCTAssertEqual(entry["time"], .double(142.75))
        XCTAssertEqual(entry["serverIPAddress"], "192.0.2.7")
        XCTAssertEqual(entry["connection"], "7")
        XCTAssertEqual(entry["_tls"], ["records": ["7.client", "7.upstream.1"], "version": "TLSv1.3"])
        let request = try XCTUnwrap(entry["request"])
        XCTAssertEqual(request["cookies"], [["name": "sid", "value": "abc"], ["name": "theme", "value": "dark"]])
        XCTAssertEqual(request["queryString"], [["name": "q", "value": "red shoes"], ["name": "page", "value": "2"],
                                                ["name": "x", "value": ""]])
        XCTAssertEqual(request["postData"], ["mimeType": "application/x-www-form-urlencoded", "text": "a=1&b=2",
                                             "_truncated": false])
        XCTAssertEqual(request["bodySize"], 7)
        let response = try XCTUnwrap(entry["response"])
        XCTAssertEqual(response["status"], 302)
        XCTAssertEqual(response["statusText"], "Found")
        XCTAssertEqual(response["redirectURL"], "/next")
        XCTAssertEqual(response["cookies"], [["name": "sid", "value": "def", "path": "/", "expires": "2026-10-21T07:28:00.000Z",
                                              "httpOnly": true, "secure": true]])
        XCTAssertEqual(response["content"], ["size": 10_485_760, "mimeType": "image/png", "text": "AP8Q",
                                             "encoding": "base64", "_encoding": "base64", "_truncated": true])
        XCTAssertEqual(entry["timings"], ["blocked": .double(0.5), "dns": -1, "connect": .double(12), "ssl": .double(8),
                                          "send": .double(0.25), "wait": .double(30), "receive": .double(100)])
    }

    func testDecodedPreviewIsTheContentTextAndNoBodyMeansNoPostData() throws {
        let gzip: JSON = ["text": "H4sI", "encoding": "base64", "truncated": false, "content_encoding": "gzip",
                          "decoded": ["size": 5, "text": "hello", "truncated": false]]
        let entry = try XCTUnwrap(HAREntry(Self.record(requestBody: nil, responseBody: gzip))).json
        XCTAssertNil(entry["request"]?["postData"])
        XCTAssertEqual(entry["response"]?["content"], ["size": 5, "compression": .int(5 - 10_485_760), "mimeType": "image/png",
                                                       "text": "hello", "_truncated": false])
    }

    func testOnlyHTTPRecordsBecomeEntries() {
        XCTAssertNil(HAREntry(Record(kind: .tls, connection: 1, fields: [("id", "1.client")])))
    }

    func testFileIsValidHARWithNoOneOrManyEntries() throws {
        let directory = try TemporaryDirectory()
        for count in [0, 1, 25] {
            let path = directory.file("session-\(count).har")
            let sink = try HARSink(path: path, version: "9.9")
            sink.write(Record(kind: .tls, connection: 1, fields: [("id", "1.client")]))
            for index in 0..<count { sink.write(Self.record(connection: index)) }
            // A failed exchange: no response, no timings.
            if count > 1 {
                sink.write(Record(kind: .http, connection: 99, fields: [("method", "GET"), ("url", "http://down.example/"),
                                                                        ("status", .null), ("error", "refused")]))
            }
            sink.close()
            sink.write(Self.record())  // after close: ignored, the file stays valid
            let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
            XCTAssertEqual(HARChecker(document: document).problems, [], "\(count) entries")
            let log = try XCTUnwrap((document as? [String: Any])?["log"] as? [String: Any])
            XCTAssertEqual(log["version"] as? String, "1.2")
            XCTAssertEqual((log["creator"] as? [String: Any])?["version"] as? String, "9.9")
            XCTAssertEqual((log["entries"] as? [Any])?.count, count > 1 ? count + 1 : count)
        }
    }

    func testCheckerReportsMissingAndMistypedFields() throws {
        let document = try JSONSerialization.jsonObject(with: Data(#"""
            {"log":{"version":"1.2","creator":{"name":"x"},"entries":[{"startedDateTime":"t","time":true,
            "request":{},"response":{},"cache":{},"timings":{"send":0,"wait":0,"receive":"0"}}]}}
            """#.utf8))
        let problems = HARChecker(document: document).problems
        XCTAssertTrue(problems.contains("log.creator.version: missing"), "\(problems)")
        XCTAssertTrue(problems.contains("log.entries[0].time: not a number"), "\(problems)")
        XCTAssertTrue(problems.contains("log.entries[0].request.method: missing"), "\(problems)")
        XCTAssertTrue(problems.contains("log.entries[0].timings.receive: not a number"), "\(problems)")
    }
}
