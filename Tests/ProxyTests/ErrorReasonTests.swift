#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import XCTest
@testable import Proxy

final class ErrorReasonTests: XCTestCase {
    func testSystemErrorsReadLikeTheSystemsMessage() {
        XCTAssertEqual(ErrorReason.text(IOError(errnoCode: ECONNREFUSED, reason: "connect")), "Connection refused")
    }

    func testTimeout() {
        XCTAssertEqual(ErrorReason.text(ChannelError.connectTimeout(.seconds(10))), "timed out after 10000 ms")
    }
}
