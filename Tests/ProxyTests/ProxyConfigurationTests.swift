import XCTest
import Proxy

final class ProxyConfigurationTests: XCTestCase {
    func testListenAddresses() throws {
        XCTAssertTrue(try ProxyConfiguration.parseListenAddress("127.0.0.1:8080") == ("127.0.0.1", 8080))
        XCTAssertTrue(try ProxyConfiguration.parseListenAddress("[::1]:0") == ("::1", 0))
        XCTAssertTrue(try ProxyConfiguration.parseListenAddress("localhost:9000") == ("localhost", 9000))
    }

    func testInvalidListenAddresses() {
        for text in ["8080", "127.0.0.1", ":8080", "127.0.0.1:", "127.0.0.1:70000", "::1:8080", "host:http"] {
            XCTAssertThrowsError(try ProxyConfiguration.parseListenAddress(text), text) { error in
                XCTAssertEqual("\(error)", "invalid listen address '\(text)': expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:0")
            }
        }
    }
}
