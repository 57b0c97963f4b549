import NIOCore
import NIOEmbedded
import NIOHTTP1
import XCTest
@testable import Proxy

/// The lingering close without sockets: the half-closure is seen by a handler in front, time is
/// the embedded loop's.
final class LingeringCloseHandlerTests: XCTestCase {
    /// Stands for the socket (or a TLS handler): notes close modes and takes a half-closure itself.
    private final class CloseRecorder: ChannelOutboundHandler {
        typealias OutboundIn = Any
        var modes: [CloseMode] = []

        func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
            modes.append(mode)
            if mode == .output { promise?.succeed(()) } else { context.close(mode: mode, promise: promise) }
        }
    }

    /// Stands for the HTTP handlers behind: notes what reaches them.
    private final class InboundRecorder: ChannelInboundHandler {
        typealias InboundIn = Any
        var reads = 0
        var errors: [any Error] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) { reads += 1 }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { errors.append(error) }
    }

    private let recorder = CloseRecorder()
    private let behind = InboundRecorder()

    private func makeChannel(answer: EventLoopFuture<Void>? = nil, byteLimit: Int = 100) throws
        -> (EmbeddedChannel, EventLoopPromise<Void>) {
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let written = channel.eventLoop.makePromise(of: Void.self)
        try channel.pipeline.syncOperations.addHandlers([
            recorder,
            LingeringCloseHandler(after: answer ?? written.futureResult, duration: .seconds(2), byteLimit: byteLimit),
            behind,
        ])
        return (channel, written)
    }

    private func send(_ channel: EmbeddedChannel, bytes count: Int) throws {
        try channel.writeInbound(ByteBuffer(repeating: UInt8(ascii: "x"), count: count))
    }

    func testHalfClosesOnceTheAnswerIsWrittenThenDrainsUntilTheClientCloses() throws {
        let (channel, written) = try makeChannel()
        try send(channel, bytes: 10)
        XCTAssertEqual(recorder.modes, [], "the answer is not out yet")
        written.succeed(())
        XCTAssertEqual(recorder.modes, [.output])
        try send(channel, bytes: 50)
        XCTAssertTrue(channel.isActive, "still reading what the client sends")
        XCTAssertEqual(behind.reads, 0, "nothing reaches the handlers behind")
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        XCTAssertFalse(channel.isActive)
        XCTAssertEqual(recorder.modes, [.output, .all])
    }

    func testClosesWhenTheClientSendsMoreThanTheLimit() throws {
        let (channel, written) = try makeChannel(byteLimit: 100)
        written.succeed(())
        try send(channel, bytes: 100)
        XCTAssertTrue(channel.isActive)
        try send(channel, bytes: 1)
        XCTAssertFalse(channel.isActive)
    }

    func testClosesAtTheDeadlineWhateverTheClientDoes() throws {
        let (channel, written) = try makeChannel()
        written.succeed(())
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1999))
        XCTAssertTrue(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        XCTAssertFalse(channel.isActive)
    }

    func testAnAnswerThatCouldNotBeWrittenClosesAtOnce() throws {
        let (channel, written) = try makeChannel()
        written.fail(ChannelError.ioOnClosedChannel)
        XCTAssertFalse(channel.isActive)
        XCTAssertEqual(recorder.modes, [.all])
    }

    func testAnErrorWhileLingeringClosesQuietly() throws {
        let (channel, written) = try makeChannel()
        written.succeed(())
        channel.pipeline.fireErrorCaught(ChannelError.outputClosed)
        XCTAssertFalse(channel.isActive)
        XCTAssertEqual(behind.errors.count, 0)
    }

    /// A refusal through the real HTTP handlers: the handler goes in front of the decoder, so what
    /// the client sends after the answer is neither decoded nor answered again.
    func testAPlainTextAnswerThatEndsTheConnectionLingersInFrontOfTheDecoder() throws {
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.pipeline.syncOperations.addHandlers([
            recorder,
            HTTPResponseEncoder(),
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)),
            behind,
        ])
        let context = try channel.pipeline.syncOperations.context(handler: behind)
        PlainTextResponse(status: .badRequest, message: "tlspeek: no", keepAlive: false).write(to: context)
        XCTAssertNotNil(try channel.pipeline.syncOperations.handler(type: LingeringCloseHandler.self))
        XCTAssertEqual(recorder.modes, [.output])
        try channel.writeInbound(ByteBuffer(string: "not HTTP at all\r\n\r\n"))
        XCTAssertEqual(behind.reads, 0)
        XCTAssertEqual(behind.errors.count, 0, "the decoder never saw the bytes")
        XCTAssertTrue(channel.isActive)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        XCTAssertFalse(channel.isActive)
    }
}
