import XCTest
final class CertificateAuthorityTestsSmoke: XCTestCase { func testBuilds() {} }
