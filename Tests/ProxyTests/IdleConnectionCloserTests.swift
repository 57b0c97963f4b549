import NIOCore
import NIOEmbedded
import XCTest
@testable import Proxy

/// When an idle client connection is closed, without sockets: traffic is fired by hand, time is
/// the embedded loop's.
final class IdleConnectionCloserTests: XCTestCase {
    private func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: IdleConnectionCloser(timeout: .seconds(1)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private func assertClosedForIdleness(_ channel: EmbeddedChannel, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(channel.isActive, file: file, line: line)
        XCTAssertThrowsError(try channel.throwIfErrorCaught(), file: file, line: line) { error in
            XCTAssertEqual("\(error)", "closed after 1 s without traffic (idle timeout)", file: file, line: line)
        }
    }

    func testSilentConnectionIsClosedAfterTheTimeout() throws {
        let channel = try makeChannel()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(999))
        XCTAssertTrue(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        assertClosedForIdleness(channel)
    }

    func testReadsKeepTheConnectionOpen() throws {
        let channel = try makeChannel()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
        try channel.writeInbound(ByteBuffer(string: "x"))
        channel.pipeline.fireChannelReadComplete()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
        XCTAssertTrue(channel.isActive, "1 s from the last read, not from the start")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(400))
        assertClosedForIdleness(channel)
    }

    func testWritesKeepTheConnectionOpen() throws {
        let channel = try makeChannel()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
        try channel.writeOutbound(ByteBuffer(string: "x"))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
        XCTAssertTrue(channel.isActive, "1 s from the last write, not from the start")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(400))
        assertClosedForIdleness(channel)
    }
}
