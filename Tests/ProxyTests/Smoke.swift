import XCTest
final class ProxyTestsSmoke: XCTestCase { func testBuilds() {} }
