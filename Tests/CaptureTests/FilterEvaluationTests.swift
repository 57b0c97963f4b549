import XCTest
@testable import Capture

final class FilterEvaluationTests: XCTestCase {
    private func http(_ url: String, method: String = "GET", status: JSON = 200, extra: [(String, JSON)] = []) -> Record {
        Record(kind: .http, connection: 1, fields: [("method", .string(method)), ("url", .string(url)), ("status", status)] + extra)
    }

    private let tls13 = Record(kind: .tls, connection: 2, fields: [
        ("leg", "client"), ("host", "10.0.0.7"), ("port", 443), ("sni", "api.example.com"), ("version", "TLSv1.3"),
    ])
    private let failedTLS = Record(kind: .tls, connection: 2, fields: [
        ("leg", "client"), ("host", "api.example.com"), ("sni", .null), ("version", .null), ("error", "unknown_ca"),
    ])
    private let tunnel = Record(kind: .tunnel, connection: 3, fields: [("host", "Bank.Example"), ("port", 443)])
    private let error = Record(kind: .error, connection: 4, fields: [("stage", "upstream"), ("host", "down.example"), ("port", .null)])
    private let hostlessError = Record(kind: .error, connection: 5, fields: [("stage", "client"), ("host", .null)])

    private func matches(_ filter: String, _ record: Record, line: UInt = #line) -> Bool {
        do {
            return try FilterExpression(parsing: filter).matches(record)
        } catch {
            XCTFail("\(error)", line: line)
            return false
        }
    }

    func testHostUsesTheURLHostForHTTP() {
        XCTAssertTrue(matches("host:example.com", http("https://example.com/")))
        XCTAssertTrue(matches("host:example.com", http("https://user@EXAMPLE.com.:8443/x?y")), "case, port, user info, trailing dot")
        XCTAssertTrue(matches("host:*.example.com", http("http://a.b.example.com/")))
        XCTAssertFalse(matches("host:*.example.com", http("http://example.com/")))
        XCTAssertFalse(matches("host:example.com", http("https://example.com.evil/")))
        XCTAssertTrue(matches("host:::1", http("http://[::1]:8080/")))
        XCTAssertTrue(matches("host:[::1]", http("http://[::1]/")))
        XCTAssertFalse(matches("host:example.com", http("not a url")))
    }

    func testHostOnOtherKindsUsesTheirHostAndForTLSAlsoTheSNI() {
        XCTAssertTrue(matches("host:10.0.0.*", tls13))
        XCTAssertTrue(matches("host:api.example.com", tls13), "SNI")
        XCTAssertTrue(matches("host:api.example.com", failedTLS), "null SNI is skipped")
        XCTAssertTrue(matches("host:bank.example", tunnel))
        XCTAssertTrue(matches("host:down.*", error))
        XCTAssertFalse(matches("host:*", hostlessError))
    }

    func testPathIsTheURLPathWithoutQueryAndCaseSensitive() {
        XCTAssertTrue(matches("path:/api/*", http("https://x/api/v1/users?page=2")))
        XCTAssertTrue(matches("path:/api/v1/users", http("https://x/api/v1/users?page=2#top")))
        XCTAssertFalse(matches("path:/API/*", http("https://x/api/v1")))
        XCTAssertTrue(matches("path:/", http("https://x")), "an empty path is /")
        XCTAssertTrue(matches("path:/", http("https://x?q=1")))
        XCTAssertTrue(matches("path:*.js", http("https://x/static/app.js")))
        XCTAssertFalse(matches("path:*", tls13), "no path outside http records")
    }

    func testMethodAndStatus() {
        XCTAssertTrue(matches("method:get", http("https://x/")))
        XCTAssertFalse(matches("method:POST", http("https://x/")))
        XCTAssertTrue(matches("status:404", http("https://x/", status: 404)))
        XCTAssertFalse(matches("status:404", http("https://x/", status: 405)))
        XCTAssertTrue(matches("status:4xx", http("https://x/", status: 499)))
        XCTAssertTrue(matches("status:4xx", http("https://x/", status: 400)))
        XCTAssertFalse(matches("status:4xx", http("https://x/", status: 500)))
        XCTAssertFalse(matches("status:5xx", http("https://x/", status: .null)), "no response, no status")
        XCTAssertTrue(matches("not status:2xx", http("https://x/", status: .null)))
        XCTAssertFalse(matches("method:GET", tunnel))
        XCTAssertFalse(matches("status:2xx", tls13))
    }

    func testTypeLooksAtContentTypeOnly() {
        let json = http("https://x/", extra: [("content_type", "Application/JSON; charset=utf-8")])
        XCTAssertTrue(matches("type:json", json))
        XCTAssertTrue(matches(#"type:"application/json; charset""#, json))
        XCTAssertFalse(matches("type:html", json))
        XCTAssertFalse(matches("type:json", http("https://x/")), "no content_type field, no match")
        XCTAssertFalse(matches("type:json", http("https://x/", extra: [("content_type", .null)])))
    }

    func testTLSVersionOnTLSAndHTTPRecords() {
        XCTAssertTrue(matches("tls:1.3", tls13))
        XCTAssertFalse(matches("tls:1.2", tls13))
        XCTAssertFalse(matches("tls:1.3", failedTLS))
        XCTAssertTrue(matches("tls:1.2", http("https://x/", extra: [("tls_version", "TLSv1.2")])))
        XCTAssertFalse(matches("tls:1.2", http("http://x/")), "plain HTTP has no TLS version")
        XCTAssertTrue(matches("tls:1.0", Record(kind: .tls, connection: 1, fields: [("version", "TLSv1")])), "OpenSSL's name for 1.0")
        XCTAssertTrue(matches("tls:1.1", Record(kind: .tls, connection: 1, fields: [("version", "TLSv1.1")])))
        XCTAssertFalse(matches("tls:1.3", tunnel))
    }

    func testOperators() {
        let notFound = http("https://api.example.com/v1", method: "POST", status: 404)
        XCTAssertTrue(matches("host:api.example.com and status:4xx", notFound))
        XCTAssertFalse(matches("host:api.example.com and not status:4xx", notFound))
        XCTAssertTrue(matches("host:other or method:POST", notFound))
        XCTAssertTrue(matches("(host:other or method:POST) status:404", notFound))
        XCTAssertFalse(matches("host:other or method:POST and status:200", notFound))
        XCTAssertTrue(matches("not host:api.example.com or status:404", notFound))
        XCTAssertTrue(matches("not status:404", tls13), "a term that does not apply is false, so its negation is true")
    }
}
