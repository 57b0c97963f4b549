import NIOCore
import NIOEmbedded
import NIOHTTP1
import XCTest
@testable import Proxy

/// When the request head clock (`RequestHeadTimer`, part of `FrontHandler`) runs, without sockets:
/// reads and responses are fired by hand, time is the embedded loop's. The front sits behind the
/// pipelining handler, as in `ClientPipeline`.
final class RequestHeadTimerTests: XCTestCase {
    private let events = RecordingEvents()

    private func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let router = RequestRouter(mode: .forwardProxy(LoopGuard(port: 8080, hosts: ["127.0.0.1"])))
        try channel.pipeline.syncOperations.addHandlers([
            HTTPServerPipelineHandler(),
            FrontHandler(router: router, headTimeout: .seconds(1), events: events, connectionID: 3, onConnect: nil),
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    /// One read burst from the decoder: the parts it produced (maybe none), then read-complete.
    private func burst(_ channel: EmbeddedChannel, _ parts: [HTTPServerRequestPart]) {
        for part in parts { channel.pipeline.syncOperations.fireChannelRead(NIOAny(part)) }
        channel.pipeline.syncOperations.fireChannelReadComplete()
    }

    private func respond(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        while try channel.readOutbound(as: HTTPServerResponsePart.self) != nil {}
    }

    private func assert408(_ channel: EmbeddedChannel, file: StaticString = #filePath, line: UInt = #line) throws {
        guard case .head(let head)? = try channel.readOutbound(as: HTTPServerResponsePart.self) else {
            return XCTFail("no 408", file: file, line: line)
        }
        XCTAssertEqual(head.status, .requestTimeout, file: file, line: line)
        XCTAssertEqual(events.errorRecords.last?.message, "tlspeek: no complete request head within 1 s (request head timeout)",
                       file: file, line: line)
    }

    private let head = HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://a.test/",
                                                                               headers: ["Host": "a.test"]))

    func testSilentNewConnectionGets408() throws {
        let channel = try makeChannel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try assert408(channel)
    }

    func testKeptAliveConnectionBetweenRequestsIsLeftToTheIdleTimeout() throws {
        let channel = try makeChannel()
        burst(channel, [head, .end(nil)])
        try respond(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        XCTAssertNil(try channel.readOutbound(as: HTTPServerResponsePart.self))
    }

    func testResponseWithinTheRequestsOwnReadBurstDoesNotStartTheClock() throws {
        let channel = try makeChannel()
        channel.pipeline.syncOperations.fireChannelRead(NIOAny(head))
        channel.pipeline.syncOperations.fireChannelRead(NIOAny(HTTPServerRequestPart.end(nil)))
        try respond(channel)  // e.g. a rejection answered at once
        channel.pipeline.syncOperations.fireChannelReadComplete()
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        XCTAssertNil(try channel.readOutbound(as: HTTPServerResponsePart.self))
    }

    func testFirstBytesOfTheNextRequestStartTheClock() throws {
        let channel = try makeChannel()
        burst(channel, [head, .end(nil)])
        try respond(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        burst(channel, [])  // bytes the decoder could not make a head of yet
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(900))
        XCTAssertNil(try channel.readOutbound(as: HTTPServerResponsePart.self))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(100))
        try assert408(channel)
    }

    /// The decoder calls the unfinished head malformed when the client closes after its 408: that
    /// is the same failure, recorded once.
    func testTheDecodersVerdictOnTheTimedOutHeadIsNotPassedOn() throws {
        let channel = try makeChannel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try assert408(channel)
        channel.pipeline.fireErrorCaught(HTTPParserError.invalidEOFState)
        XCTAssertNoThrow(try channel.throwIfErrorCaught())
    }

    func testNoClockWhileARequestIsBeingServed() throws {
        let channel = try makeChannel()
        burst(channel, [head, .end(nil)])
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        XCTAssertNil(try channel.readOutbound(as: HTTPServerResponsePart.self))
    }
}
