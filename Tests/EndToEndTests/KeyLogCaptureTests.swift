import Foundation
import TestSupport
import XCTest

/// tlspeek's key log lets Wireshark decrypt a loopback capture of both legs of an intercepted
/// request: what users do with `--keylog` and `tshark -o tls.keylog_file:…`.
final class KeyLogCaptureTests: EndToEndTestCase {
    /// One capture per TLS version: TLS 1.2 legs are decrypted with `CLIENT_RANDOM` lines, TLS 1.3
    /// legs with the per-stage traffic secrets.
    private struct Case {
        let curlArguments: [String]
        let tls12Origin: Bool
        let version: String
        let keyLogLabel: String
    }

    private static let cases = [
        Case(curlArguments: ["--tls-max", "1.2"], tls12Origin: true, version: "TLSv1.2", keyLogLabel: "CLIENT_RANDOM"),
        Case(curlArguments: ["--tlsv1.3"], tls12Origin: false, version: "TLSv1.3", keyLogLabel: "CLIENT_TRAFFIC_SECRET_0"),
    ]

    func testTsharkDecryptsBothLegsWithTheKeyLog() throws {
        for testCase in Self.cases { try assertDecrypts(testCase) }
    }

    private func assertDecrypts(_ testCase: Case) throws {
        // A Content-Length response: tshark cannot delimit s_server -WWW's close-delimited one inside TLS.
        let server = try PythonOrigin(tls: originLeaf, tls12Only: testCase.tls12Origin)
        let proxy = try startProxy()
        let capture = proxy.directory.file("capture.pcapng")
        let tshark = try ChildProcess("tshark", ["-i", "lo", "-f", "tcp port \(proxy.port) or tcp port \(server.port)",
                                                 "-w", capture])
        do {
            try tshark.waitForOutput(matching: "Capturing on")
            // tshark 4 also logs when dumpcap has the file open and packets flow; without it the
            // handshakes can be missed on a busy machine and nothing is decryptable.
            try tshark.waitForOutput(matching: "Capture started")
        } catch {
            throw XCTSkip("tshark cannot capture on lo here: \(error)")
        }

        let result = try curl(through: proxy).fetch("https://localhost:\(server.port)/hello", testCase.curlArguments)
        XCTAssertEqual(result.status, "200", result.diagnostics)
        let log = try proxy.stopAndReadLog()  // the key log is flushed and closed
        // Both legs ran the version under test, so its kind of key log line is what decrypts them.
        for leg in ["client", "upstream"] {
            XCTAssertEqual(log.tls(leg: leg).first?["version"] as? String, testCase.version, log.text)
        }
        XCTAssertTrue(proxy.keyLog.contains(testCase.keyLogLabel + " "), proxy.keyLog)
        let keyLogMode = try FileManager.default.attributesOfItem(atPath: proxy.keyLogPath)[.posixPermissions] as? Int
        XCTAssertEqual(keyLogMode, 0o600)

        // dumpcap writes the file in batches, and stopping it may drop what it has not written yet,
        // so tshark keeps capturing until the file holds both decrypted exchanges (or 30 s pass).
        let legs = [proxy.port, server.port].map(String.init)
        var decoded = ""
        let deadline = Date().addingTimeInterval(30)
        repeat {
            decoded = try decodedHTTP(capture: capture, keyLog: proxy.keyLogPath, proxyPort: proxy.port, originPort: server.port)
        } while !legs.allSatisfy({ Self.hasResponse(decoded, from: $0, status: "200") }) && Date() < deadline
        kill(tshark.processIdentifier, SIGINT)
        XCTAssertEqual(tshark.waitForExit(), 0, tshark.output)

        for leg in legs {
            XCTAssertTrue(Self.hasRequest(decoded, to: leg, method: "GET", uri: "/hello"),
                          "\(testCase.version): no decrypted GET /hello towards port \(leg):\n\(decoded)")
            XCTAssertTrue(Self.hasResponse(decoded, from: leg, status: "200"),
                          "\(testCase.version): no decrypted 200 from port \(leg):\n\(decoded)")
        }
    }

    /// The HTTP messages tshark decrypts from `capture`, one per line: source port, destination
    /// port, method, URI, status (tab-separated, empty when absent).
    private func decodedHTTP(capture: String, keyLog: String, proxyPort: Int, originPort: Int) throws -> String {
        // Both ports carry TLS (the proxy port after the CONNECT); tshark must be told since neither is 443.
        let result = try ChildProcess.run("tshark", [
            "-r", capture, "-o", "tls.keylog_file:\(keyLog)",
            "-d", "tcp.port==\(proxyPort),http", "-d", "tcp.port==\(originPort),tls",
            "-Y", "http", "-T", "fields",
            "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "http.request.method", "-e", "http.request.uri", "-e", "http.response.code",
        ])
        return result.output
    }

    private static func columns(_ decoded: String) -> [[String]] {
        decoded.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count == 5 }
    }

    private static func hasRequest(_ decoded: String, to port: String, method: String, uri: String) -> Bool {
        columns(decoded).contains { $0[1] == port && $0[2] == method && $0[3] == uri }
    }

    private static func hasResponse(_ decoded: String, from port: String, status: String) -> Bool {
        columns(decoded).contains { $0[0] == port && $0[4] == status }
    }
}
