import CertificateAuthority
import Foundation
import XCTest
@testable import Proxy
import TestSupport

/// The client-facing (intercepted) leg against a TLS scanner and against `openssl s_client`
/// offering what the policy refuses. The upstream port is closed: tlspeek still completes the
/// client's handshake (to answer 502), which is all a scan of the client leg needs.
final class TLSPolicyScanTests: XCTestCase {
    private var certs: TemporaryDirectory!
    private var proxy: ProxyHarness!
    private var authority: CertificateAuthority!
    /// A port nothing listens on, as the CONNECT target.
    private let closedPort = 9

    override func setUpWithError() throws {
        certs = try TemporaryDirectory()
        authority = try CertificateAuthority.loadOrCreate(directory: certs.path).0
        let interception = try TLSInterception(
            leafCache: LeafCache(minter: LeafMinter(authority: authority)), upstreamAnchors: [], insecure: false,
            output: InterceptionOutput(recorder: nil, keyLog: nil), events: NoProxyEvents())
        proxy = try ProxyHarness { $0.interceptor = interception }
    }

    override func tearDown() {
        proxy = nil
    }

    /// sslyze through the proxy (`--https_tunnel`): only TLS 1.2/1.3, only AEAD suites with
    /// forward secrecy, no compression, secure renegotiation only.
    func testScannerFindsOnlyTheStrictPolicy() throws {
        let sslyze = Self.packageRoot + "/.build/venv-sslyze/bin/sslyze"
        guard FileManager.default.isExecutableFile(atPath: sslyze) else {
            throw ScannerMissing(path: sslyze)
        }
        let report = certs.file("sslyze.json")
        let started = Date()
        let scan = try CapturedProcess.run(sslyze, [
            "--quiet", "--json_out=\(report)", "--https_tunnel=\(proxy.proxyURL)",
            "--sslv2", "--sslv3", "--tlsv1", "--tlsv1_1", "--tlsv1_2", "--tlsv1_3", "--compression", "--reneg",
            "localhost:\(closedPort)",
        ])
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, 60, "the scan stays bounded")
        XCTAssertEqual(scan.status, 0, scan.output)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let servers = document?["server_scan_results"] as? [[String: Any]]
        let result = try XCTUnwrap(servers?.first?["scan_result"] as? [String: Any], scan.output)

        func accepted(_ command: String) -> [String] {
            let attempt = result[command] as? [String: Any]
            let suites = (attempt?["result"] as? [String: Any])?["accepted_cipher_suites"] as? [[String: Any]]
            return (suites ?? []).compactMap { ($0["cipher_suite"] as? [String: Any])?["name"] as? String }
        }
        func flag(_ command: String, _ name: String) -> Bool? {
            ((result[command] as? [String: Any])?["result"] as? [String: Any])?[name] as? Bool
        }
        for command in ["ssl_2_0_cipher_suites", "ssl_3_0_cipher_suites", "tls_1_0_cipher_suites", "tls_1_1_cipher_suites"] {
            XCTAssertEqual(accepted(command), [], "\(command) must be refused")
        }
        let tls12 = accepted("tls_1_2_cipher_suites")
        XCTAssertFalse(tls12.isEmpty, scan.output)
        for suite in tls12 {
            XCTAssertTrue(suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305"), "\(suite) is not AEAD")
            XCTAssertTrue(suite.hasPrefix("TLS_ECDHE_") || suite.hasPrefix("TLS_DHE_"), "\(suite) is not forward-secret")
            for weak in ["CBC", "RC4", "3DES", "EXPORT", "NULL", "anon"] {
                XCTAssertFalse(suite.contains(weak), suite)
            }
        }
        XCTAssertFalse(accepted("tls_1_3_cipher_suites").isEmpty, scan.output)
        XCTAssertEqual(flag("tls_compression", "supports_compression"), false)
        XCTAssertEqual(flag("session_renegotiation", "supports_secure_renegotiation"), true)
        XCTAssertEqual(flag("session_renegotiation", "is_vulnerable_to_client_renegotiation_dos"), false)
        print("sslyze: TLS 1.2 suites accepted: \(tls12.joined(separator: ", ")); \(Int(elapsed)) s")
    }

    /// `openssl s_client` through the proxy: old versions and non-AEAD suites fail, a policy suite works.
    func testOpenSSLClientOfferingWeakParametersIsRefused() throws {
        // SECLEVEL=0 so that the refusal is tlspeek's: OpenSSL 3's own default refuses TLS 1.1.
        let refused: [[String]] = [
            ["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"],
            ["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"],
            ["-tls1_2", "-cipher", "AES128-SHA:@SECLEVEL=0"],
            ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA256:@SECLEVEL=0"],
        ]
        for options in refused {
            let result = try handshake(options)
            XCTAssertNotEqual(result.status, 0, "\(options) must be refused: \(result.output)")
        }
        let accepted = try handshake(["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"])
        XCTAssertEqual(accepted.status, 0, accepted.output)
        XCTAssertTrue(accepted.output.contains("ECDHE-ECDSA-AES128-GCM-SHA256"), accepted.output)
    }

    private func handshake(_ options: [String]) throws -> (status: Int32, output: String) {
        try CapturedProcess.run("openssl", ["s_client", "-proxy", "127.0.0.1:\(proxy.port)",
                                            "-connect", "localhost:\(closedPort)", "-servername", "localhost",
                                            "-CAfile", authority.files.certificate, "-verify_return_error",
                                            "-brief"] + options,
                                input: Data("Q\n".utf8))
    }

    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    struct ScannerMissing: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is missing: run scripts/install-deps.sh test (or make test)" }
    }
}
