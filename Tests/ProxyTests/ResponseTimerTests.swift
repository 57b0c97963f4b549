import NIOCore
import NIOEmbedded
import XCTest
@testable import Proxy

/// When the response timer gives up on an origin, without sockets: request parts and response
/// bursts are told by hand, time is the embedded loop's.
final class ResponseTimerTests: XCTestCase {
    private let loop = EmbeddedEventLoop()
    private var expiries = 0

    private func makeTimer() -> ResponseTimer {
        ResponseTimer(timeout: .seconds(1), eventLoop: loop) { [unowned self] in self.expiries += 1 }
    }

    func testSilentOriginExpiresOneTimeoutAfterTheRequest() {
        let timer = makeTimer()
        timer.requestWritten()
        loop.advanceTime(by: .milliseconds(999))
        XCTAssertEqual(expiries, 0)
        loop.advanceTime(by: .milliseconds(1))
        XCTAssertEqual(expiries, 1)
    }

    func testEveryRequestPartRestartsTheTime() {
        let timer = makeTimer()
        timer.requestWritten()
        loop.advanceTime(by: .milliseconds(600))
        timer.requestWritten()  // a body part
        loop.advanceTime(by: .milliseconds(600))
        XCTAssertEqual(expiries, 0, "1 s from the last part, not the first")
        loop.advanceTime(by: .milliseconds(400))
        XCTAssertEqual(expiries, 1)
    }

    func testAnsweredRequestDoesNotExpire() {
        let timer = makeTimer()
        timer.requestWritten()
        timer.responseArrived()
        timer.readCompleted()
        loop.advanceTime(by: .seconds(5))
        XCTAssertEqual(expiries, 0)
    }

    func testBytesThatMakeNoPartYetAnswerTheRequest() {
        let timer = makeTimer()
        timer.requestWritten()
        timer.readCompleted()  // the start of a response head
        loop.advanceTime(by: .seconds(5))
        XCTAssertEqual(expiries, 0)
    }

    /// The next request on a kept-alive connection goes out while the last part of the previous
    /// response is handled: the end of that burst does not answer it.
    func testRequestSentWithinTheBurstThatEndedThePreviousResponseStillWaits() {
        let timer = makeTimer()
        timer.requestWritten()
        loop.advanceTime(by: .milliseconds(500))
        timer.responseArrived()
        timer.requestWritten()
        timer.readCompleted()
        loop.advanceTime(by: .milliseconds(999))
        XCTAssertEqual(expiries, 0)
        loop.advanceTime(by: .milliseconds(1))
        XCTAssertEqual(expiries, 1)
    }

    func testStoppedTimerDoesNotExpire() {
        let timer = makeTimer()
        timer.requestWritten()
        timer.stop()
        loop.advanceTime(by: .seconds(5))
        XCTAssertEqual(expiries, 0)
    }
}
