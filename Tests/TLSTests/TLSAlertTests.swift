import TLS
import XCTest

final class TLSAlertTests: XCTestCase {
    func testRFCNames() {
        XCTAssertEqual(TLSAlert(code: 48).name, "unknown_ca")
        XCTAssertEqual(TLSAlert(code: 42).name, "bad_certificate")
        XCTAssertEqual(TLSAlert(code: 40).name, "handshake_failure")
        XCTAssertEqual(TLSAlert(code: 120).name, "no_application_protocol")
        XCTAssertEqual(TLSAlert(code: 200).name, "0xC8")
    }

    func testErrorDescriptionNamesAlertAndDirection() {
        let error = TLSError.alert(.unknownCA, direction: .received, reasons: ["tlsv1 alert unknown ca"])
        XCTAssertEqual(error.description, "TLS alert unknown_ca received (tlsv1 alert unknown ca)")
    }
}
