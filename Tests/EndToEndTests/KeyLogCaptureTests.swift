import Foundation
import TestSupport
import XCTest

/// tlspeek's key log lets Wireshark decrypt a loopback capture of both legs of an intercepted
/// request: what users do with `--keylog` and `tshark -o tls.keylog_file:…`.
final class KeyLogCaptureTests: EndToEndTestCase {
    func testTsharkDecryptsBothLegsWithTheKeyLog() throws {
        // A Content-Length response: tshark cannot delimit s_server -WWW's close-delimited one inside TLS.
        let server = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy()
        let capture = proxy.directory.file("capture.pcapng")
        let tshark = try ChildProcess("tshark", ["-i", "lo", "-f", "tcp port \(proxy.port) or tcp port \(server.port)",
                                                 "-w", capture])
        do {
            try tshark.waitForOutput(matching: "Capturing on")
        } catch {
            throw XCTSkip("tshark cannot capture on lo here: \(error)")
        }

        let result = try curl(through: proxy).fetch("https://localhost:\(server.port)/hello")
        XCTAssertEqual(result.status, "200", result.diagnostics)
        XCTAssertEqual(proxy.stop(), 0)  // the key log is flushed and closed
        kill(tshark.processIdentifier, SIGINT)
        XCTAssertEqual(tshark.waitForExit(), 0, tshark.output)

        let keyLogMode = try FileManager.default.attributesOfItem(atPath: proxy.keyLogPath)[.posixPermissions] as? Int
        XCTAssertEqual(keyLogMode, 0o600)

        // Both ports carry TLS (the proxy port after the CONNECT); tshark must be told since neither is 443.
        let decoded = try ChildProcess.run("tshark", [
            "-r", capture, "-o", "tls.keylog_file:\(proxy.keyLogPath)",
            "-d", "tcp.port==\(proxy.port),http", "-d", "tcp.port==\(server.port),tls",
            "-Y", "http", "-T", "fields",
            "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "http.request.method", "-e", "http.request.uri", "-e", "http.response.code",
        ])
        XCTAssertEqual(decoded.status, 0, decoded.output)
        // Rows: source port, destination port, method, URI, status (tab-separated, empty when absent).
        let rows = decoded.output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count == 5 }
        for legPort in [String(proxy.port), String(server.port)] {
            XCTAssertTrue(rows.contains { $0[1] == legPort && $0[2] == "GET" && $0[3] == "/hello" },
                          "no decrypted GET /hello towards port \(legPort):\n\(decoded.output)")
            XCTAssertTrue(rows.contains { $0[0] == legPort && $0[4] == "200" },
                          "no decrypted 200 from port \(legPort):\n\(decoded.output)")
        }
    }
}
