import Capture
import CertificateAuthority
import Foundation
import XCTest
@testable import Proxy
import TestSupport

/// `--keylog-hosts`: which intercepted connections get key log lines.
final class KeyLogHostsTests: XCTestCase {
    private var keyLogDirectory: TemporaryDirectory!

    override func setUpWithError() throws {
        keyLogDirectory = try TemporaryDirectory()
    }

    private func output(_ patterns: [String]) throws -> InterceptionOutput {
        InterceptionOutput(recorder: nil, keyLog: try KeyLogWriter(path: keyLogDirectory.file("keys.log")),
                           keyLogHosts: try patterns.map { text throws(HostPatternError) in try HostPattern(text) })
    }

    func testNoPatternsLogsEveryConnection() throws {
        XCTAssertNotNil(try output([]).keyLog(for: ConnectTarget(host: "any.example", port: 443), serverName: nil))
    }

    func testConnectHostOrSNIMustMatch() throws {
        let output = try output(["*.example.com", "pinned.test:8443"])
        let target = ConnectTarget(host: "10.0.0.7", port: 443)
        XCTAssertNil(output.keyLog(for: target, serverName: nil))
        XCTAssertNil(output.keyLog(for: target, serverName: "other.test"))
        XCTAssertNotNil(output.keyLog(for: target, serverName: "api.example.com"), "the SNI matches")
        XCTAssertNotNil(output.keyLog(for: ConnectTarget(host: "WWW.example.com", port: 443), serverName: nil), "the CONNECT host matches")
        XCTAssertNil(output.keyLog(for: ConnectTarget(host: "pinned.test", port: 443), serverName: nil), "the port must match too")
        XCTAssertNotNil(output.keyLog(for: ConnectTarget(host: "pinned.test", port: 8443), serverName: nil))
    }

    /// Real curl through a real interception to `openssl s_server`: only a matching host's keys are written.
    func testKeyLogGetsLinesOnlyForMatchingHosts() throws {
        let origin = try StaticTLSOrigin()
        let (pki, server) = (origin.pki, origin.server)
        let certs = try TemporaryDirectory()
        let (authority, _) = try CertificateAuthority.loadOrCreate(directory: certs.path)

        for (patterns, expectsLines) in [(["other.example"], false), (["localhost"], true)] {
            let keyLogPath = keyLogDirectory.file("keys.log")
            try? FileManager.default.removeItem(atPath: keyLogPath)
            let output = try output(patterns)
            let interception = try TLSInterception(
                leafCache: LeafCache(minter: LeafMinter(authority: authority)), upstreamAnchors: [pki.caCertificatePath],
                insecure: false, output: output, events: NoProxyEvents())
            let proxy = try ProxyHarness { $0.interceptor = interception }
            let result = try proxy.curl(["--cacert", authority.files.certificate, "https://localhost:\(server.port)/index.html"])
            XCTAssertEqual(result.status, 0, result.output)
            XCTAssertEqual(result.output, "page\n")
            output.keyLog?.close()
            let lines = try String(contentsOfFile: keyLogPath, encoding: .utf8).split(separator: "\n")
            if expectsLines {
                XCTAssertTrue(lines.contains { $0.hasPrefix("CLIENT_TRAFFIC_SECRET_0 ") || $0.hasPrefix("CLIENT_RANDOM ") },
                              "\(patterns): \(lines)")
            } else {
                XCTAssertEqual(lines, [], "\(patterns)")
            }
        }
    }
}
