import TLS
import XCTest

final class TLSContextTests: XCTestCase {
    func testVersionRangeMustBeOrdered() {
        XCTAssertThrowsError(try TLSContext(configuration: .server(minimumVersion: .tls13, maximumVersion: .tls12)))
    }

    func testALPNNamesMustFitOneByteLength() {
        XCTAssertThrowsError(try TLSContext(configuration: .client(alpnOffers: [""])))
        XCTAssertThrowsError(try TLSContext(configuration: .client(alpnOffers: [String(repeating: "x", count: 256)])))
        XCTAssertNoThrow(try TLSContext(configuration: .client(alpnOffers: ["h2", "http/1.1"])))
    }

    func testMissingAnchorFileIsAnError() {
        XCTAssertThrowsError(try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: ["/nonexistent.pem"]))))
    }

    func testHandlerRejectsContextOfTheWrongRole() throws {
        let server = try TLSContext(configuration: .server())
        XCTAssertThrowsError(try TLSHandler(clientContext: server, serverName: "localhost", onEvent: { _ in }))
    }
}
