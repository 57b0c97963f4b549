import Foundation
import TestSupport
import XCTest

/// --ignore-hosts / --allow-hosts: a host left alone is tunnelled byte for byte (the client sees the
/// origin's real certificate, nothing is decrypted or key-logged); a matching host is intercepted.
final class HostFilterTests: EndToEndTestCase {
    func testIgnoredHostIsTunnelledUntouched() throws {
        try assertTunnelled(proxyArguments: ["--ignore-hosts", "localhost"])
    }

    func testHostNotInAllowListIsTunnelledUntouched() throws {
        try assertTunnelled(proxyArguments: ["--allow-hosts", "other.example"])
    }

    func testHostInAllowListIsIntercepted() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy(["--allow-hosts", "localhost"])

        let result = try curl(through: proxy).fetch("https://localhost:\(origin.port)/hello")
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.status, "200")

        let log = try proxy.stopAndReadLog()
        XCTAssertEqual(log.tls(leg: "client").count, 1, log.text)
        XCTAssertEqual(log.tls(leg: "upstream").count, 1, log.text)
        XCTAssertTrue(log.records(ofType: "tunnel").isEmpty, log.text)
        XCTAssertFalse(proxy.keyLog.isEmpty, "no key log lines for an intercepted connection")
    }

    /// A client that trusts only the origin's CA reaches it through tlspeek started with `proxyArguments`.
    private func assertTunnelled(proxyArguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy(proxyArguments)

        let result = try Curl(proxyPort: proxy.port, trust: pki.caCertificatePath)
            .fetch("https://localhost:\(origin.port)/hello")
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics, file: file, line: line)
        XCTAssertEqual(result.status, "200", file: file, line: line)
        XCTAssertEqual(result.text, "hello from the python origin\n", file: file, line: line)

        let log = try proxy.stopAndReadLog()
        let tunnels = log.records(ofType: "tunnel")
        XCTAssertEqual(tunnels.count, 1, log.text, file: file, line: line)
        XCTAssertEqual(tunnels.first?["host"] as? String, "localhost", file: file, line: line)
        XCTAssertEqual(tunnels.first?["port"] as? Int, origin.port, file: file, line: line)
        XCTAssertGreaterThan(tunnels.first?["bytes_from_server"] as? Int ?? 0, 0, log.text, file: file, line: line)
        XCTAssertTrue(log.records(ofType: "tls").isEmpty, log.text, file: file, line: line)
        XCTAssertEqual(proxy.keyLog, "", "key log lines for a tunnelled connection", file: file, line: line)
    }
}
