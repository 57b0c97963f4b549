import XCTest
final class TLSTestsSmoke: XCTestCase { func testBuilds() {} }
