import Foundation
import TestSupport
import XCTest

/// An upstream that cannot be used gives the client tlspeek's own `502 Bad Gateway` naming the
/// reason and the host, and the same failure is recorded (an `http` record with status 502 and an
/// `error` record).
final class UpstreamFailureTests: EndToEndTestCase {
    func testExpiredCertificate() throws {
        let expired = try pki.issueServerCertificate("expired", names: ["localhost", "127.0.0.1"],
                                                     notBefore: "20200101000000Z", notAfter: "20210101000000Z")
        let server = try startFileOrigin(leaf: expired)
        try assertBadGateway(proxy: startProxy(), port: server.port, reason: "certificate has expired")
    }

    func testHostNameMismatch() throws {
        let other = try pki.issueServerCertificate("other", names: ["other.example"])
        let server = try startFileOrigin(leaf: other)
        try assertBadGateway(proxy: startProxy(), port: server.port, reason: "hostname mismatch")
    }

    func testUnknownIssuerWithoutUpstreamCA() throws {
        let server = try startFileOrigin()
        try assertBadGateway(proxy: TLSPeekProcess(), port: server.port, reason: "unable to get local issuer certificate")
    }

    func testConnectionRefused() throws {
        try assertBadGateway(proxy: startProxy(), port: ClosedPort.make(), reason: "Connection refused")
    }

    func testInsecureAcceptsExpiredCertificateAndSaysSo() throws {
        let expired = try pki.issueServerCertificate("expired", names: ["localhost", "127.0.0.1"],
                                                     notBefore: "20200101000000Z", notAfter: "20210101000000Z")
        let server = try startFileOrigin(leaf: expired, files: ["ok.txt": "fine\n"])
        let proxy = try TLSPeekProcess(["--insecure"])

        let result = try curl(through: proxy).fetch("https://localhost:\(server.port)/ok.txt")
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.status, "200")
        XCTAssertEqual(result.text, "fine\n")

        let log = try proxy.stopAndReadLog()
        let upstream = try XCTUnwrap(log.tls(leg: "upstream").first, log.text)
        XCTAssertEqual(upstream["insecure"] as? Bool, true, log.text)
        XCTAssertEqual(upstream["verification"] as? String, "skipped (--insecure)", log.text)
    }

    /// curl (trusting tlspeek's CA) asks for https://localhost:`port`/ through `proxy` and gets a 502
    /// whose body contains `reason` and the host; the log records the same.
    private func assertBadGateway(proxy: TLSPeekProcess, port: Int, reason: String,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try curl(through: proxy).fetch("https://localhost:\(port)/index.html")
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics, file: file, line: line)
        XCTAssertEqual(result.status, "502", file: file, line: line)
        XCTAssertTrue(result.text.contains(reason), "502 body lacks \"\(reason)\": \(result.text)", file: file, line: line)
        XCTAssertTrue(result.text.contains("localhost"), "502 body lacks the host: \(result.text)", file: file, line: line)

        let log = try proxy.stopAndReadLog()
        let exchange = log.records(ofType: "http").first
        XCTAssertEqual(exchange?["status"] as? Int, 502, log.text, file: file, line: line)
        XCTAssertTrue((exchange?["error"] as? String ?? "").contains(reason), log.text, file: file, line: line)
        let errors = log.records(ofType: "error")
        // One failure, one error record: the request that met the failed upstream leg is not a second one.
        XCTAssertEqual(errors.count, 1, log.text, file: file, line: line)
        XCTAssertTrue(errors.contains { ($0["message"] as? String ?? "").contains(reason) && $0["host"] as? String == "localhost" },
                      "no error record for localhost with \"\(reason)\":\n\(log.text)", file: file, line: line)
    }
}
