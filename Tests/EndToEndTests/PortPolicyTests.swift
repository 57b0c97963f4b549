import Foundation
import TestSupport
import XCTest

/// --allow-ports / --deny-ports on the binary: a refused CONNECT or absolute-form target gets 403
/// with the rule in its body and an http record with that error; an allowed one is intercepted;
/// an invalid list stops tlspeek at start.
final class PortPolicyTests: EndToEndTestCase {
    func testRefusedPortsGet403AndAnErrorRecord() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy(["--allow-ports", "\(origin.port)", "--allow-ports", "1-100", "--deny-ports", "25"])
        let cases: [(url: String, status: String, reason: String?)] = [
            ("https://localhost:\(origin.port)/hello", "200", nil),
            ("https://localhost:8443/", "000", nil),  // curl reports the refused CONNECT as its own error
            ("http://127.0.0.1:8080/", "403", "port 8080 is not in --allow-ports \(origin.port),1-100"),
            ("http://127.0.0.1:25/", "403", "port 25 matches --deny-ports 25"),
        ]
        for testCase in cases {
            let result = try curl(through: proxy).fetch(testCase.url, ["-v"])
            XCTAssertEqual(result.status, testCase.status, "\(testCase.url): \(result.diagnostics)")
            if testCase.url.contains(":8443") {
                XCTAssertTrue(result.diagnostics.contains("403"), result.diagnostics)
            }
            if let reason = testCase.reason { XCTAssertTrue(result.text.contains(reason), result.text) }
        }
        let log = try proxy.stopAndReadLog()
        let refused = log.records(ofType: "http").filter { $0["status"] as? Int == 403 }
        XCTAssertEqual(refused.count, 3, log.text)
        XCTAssertTrue(refused.allSatisfy { ($0["error"] as? String)?.contains("refusing to connect") == true }, log.text)
        let errors = log.records(ofType: "error").filter { $0["stage"] as? String == "client" }
        XCTAssertEqual(errors.compactMap { $0["port"] as? Int }, [8443, 8080, 25], log.text)
    }

    func testInvalidPortListStopsTlspeek() throws {
        let child = try ChildProcess(TLSPeekBinary.path, ["--listen", "127.0.0.1:0", "--deny-ports", "9000-8000"])
        XCTAssertNotEqual(child.waitForExit(timeout: 20), 0)
        XCTAssertTrue(child.output.contains("invalid port or range '9000-8000'"), child.output)
    }
}
