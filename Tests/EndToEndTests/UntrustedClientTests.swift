import Foundation
import TestSupport
import XCTest

/// A client that does not trust tlspeek's CA rejects the minted leaf: the client leg's `tls` record
/// names the alert and says why, and so does the console (failures show at the default detail).
final class UntrustedClientTests: EndToEndTestCase {
    func testClientRejectingTheLeafIsRecordedWithAHint() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy()
        // No --cacert: curl trusts only the system store, which lacks tlspeek's CA.
        let result = try Curl(proxyPort: proxy.port, trust: nil).fetch("https://localhost:\(origin.port)/hello")
        XCTAssertEqual(result.exitStatus, 60, "curl should fail verification: \(result.diagnostics)")

        let log = try proxy.stopAndReadLog()
        let client = try XCTUnwrap(log.tls(leg: "client").first, log.text)
        XCTAssertEqual(client["error"] as? String, "unknown_ca", log.text)
        let hint = client["hint"] as? String ?? ""
        XCTAssertTrue(hint.contains("the client does not trust the tlspeek CA"), hint)
        let consoleLine = proxy.output.split(separator: "\n").first { $0.contains("tls client leg failed") }
        XCTAssertNotNil(consoleLine, proxy.output)
        XCTAssertTrue(consoleLine?.contains("unknown_ca") == true, proxy.output)
        XCTAssertTrue(consoleLine?.contains("the client does not trust the tlspeek CA") == true, proxy.output)
    }
}
