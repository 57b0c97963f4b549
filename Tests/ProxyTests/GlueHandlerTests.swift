import NIOCore
import NIOEmbedded
import XCTest
@testable import Proxy

/// The tunnel's glue without sockets: bytes, back-pressure and half-closure between two channels.
final class GlueHandlerTests: XCTestCase {
    private let loop = EmbeddedEventLoop()

    private func channel(_ glue: GlueHandler, _ recorder: OutboundRecorder) -> EmbeddedChannel {
        EmbeddedChannel(handlers: [recorder, glue], loop: loop)
    }

    func testBytesFlowBothWays() throws {
        let (a, b) = GlueHandler.matchedPair()
        let left = channel(a, OutboundRecorder()), right = channel(b, OutboundRecorder())
        try left.writeInbound(ByteBuffer(string: "ping"))
        XCTAssertEqual(try right.readOutbound(as: ByteBuffer.self), ByteBuffer(string: "ping"))
        try right.writeInbound(ByteBuffer(string: "pong!"))
        XCTAssertEqual(try left.readOutbound(as: ByteBuffer.self), ByteBuffer(string: "pong!"))
        XCTAssertEqual(a.bytesRead, 4)
        XCTAssertEqual(b.bytesRead, 5)
    }

    func testBytesWaitForALatePartner() throws {
        let (a, b) = GlueHandler.matchedPair()
        let left = channel(a, OutboundRecorder())
        try left.writeInbound(ByteBuffer(string: "early"))
        let right = channel(b, OutboundRecorder())
        XCTAssertEqual(try right.readOutbound(as: ByteBuffer.self), ByteBuffer(string: "early"))
    }

    func testBytesReadEarlierAreRelayedAndCounted() throws {
        let (a, b) = GlueHandler.matchedPair()
        _ = channel(a, OutboundRecorder())
        a.relay(readEarlier: ByteBuffer(string: "sniffed"))
        let right = channel(b, OutboundRecorder())
        XCTAssertEqual(try right.readOutbound(as: ByteBuffer.self), ByteBuffer(string: "sniffed"))
        XCTAssertEqual(a.bytesRead, 7)
    }

    func testReadsOnlyWhileThePartnerIsWritable() throws {
        let (a, b) = GlueHandler.matchedPair()
        let leftRecorder = OutboundRecorder()
        let left = channel(a, leftRecorder), right = channel(b, OutboundRecorder())
        right.isWritable = false
        left.read()
        XCTAssertEqual(leftRecorder.reads, 0, "no read while the partner cannot write")
        right.isWritable = true
        right.pipeline.fireChannelWritabilityChanged()
        XCTAssertEqual(leftRecorder.reads, 1, "the held read is issued once the partner drains")
        left.read()
        XCTAssertEqual(leftRecorder.reads, 2)
    }

    func testHalfClosureAndCloseArePassedOn() throws {
        let (a, b) = GlueHandler.matchedPair()
        let leftRecorder = OutboundRecorder(), rightRecorder = OutboundRecorder()
        let left = channel(a, leftRecorder), right = channel(b, rightRecorder)
        left.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        XCTAssertEqual(rightRecorder.closes, [.output], "EOF from the left shuts the right's output")
        XCTAssertEqual(leftRecorder.closes, [])
        right.pipeline.fireChannelInactive()
        XCTAssertEqual(leftRecorder.closes, [.all], "the right closing closes the left")
    }
}

/// Counts reads and records close modes on their way to the (embedded) socket; closes go no further.
private final class OutboundRecorder: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    private(set) var reads = 0
    private(set) var closes: [CloseMode] = []

    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        closes.append(mode)
        promise?.succeed(())
    }
}
