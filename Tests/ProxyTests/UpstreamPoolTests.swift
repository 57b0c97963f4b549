import NIOCore
import NIOEmbedded
import NIOHTTP1
import XCTest
@testable import Proxy

/// `UpstreamPool` on an embedded loop: upstreams are EmbeddedChannels carrying the relay's end.
final class UpstreamPoolTests: XCTestCase {
    private let loop = EmbeddedEventLoop()
    private let origin = ConnectTarget(host: "origin.example", port: 443)
    private let events = ErrorCollector()
    private lazy var key = UpstreamPoolKey(target: origin, transport: .tls(serverName: "origin.example"))
    /// A relay for the handlers to point at before check-in, as they do in use.
    private lazy var relay = HTTPRelayHandler(connector: TCPUpstreamConnector(), responseTimeout: .seconds(30), clientLeg: nil,
                                              events: NoProxyEvents(),
                                              connectionID: 1)

    private func pool(_ limits: UpstreamPool.Limits = UpstreamPool.Limits()) -> UpstreamPool {
        UpstreamPool(eventLoop: loop, limits: limits)
    }

    /// An open upstream under `key` whose certificate names `name`.
    private func upstream(_ key: UpstreamPoolKey? = nil, name: String = "origin.example") throws -> RelayUpstream {
        let channel = EmbeddedChannel(loop: loop)
        let handler = UpstreamResponseHandler(relay: relay, origin: origin, responseTimeout: .seconds(30),
                                              events: events, connectionID: 1)
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
        return RelayUpstream(origin: origin, channel: channel, handler: handler, tls: nil,
                             serverIP: nil, poolKey: key ?? self.key, certificateNames: [name])
    }

    func testCheckOutTakesTheNewestOfTheKeyAndLeavesTheHandlersUnattached() throws {
        let pool = pool()
        let older = try upstream(), newer = try upstream()
        XCTAssertTrue(pool.checkIn(older))
        XCTAssertTrue(pool.checkIn(newer))
        XCTAssertNil(newer.handler.relay)

        XCTAssertTrue(pool.checkOut(key)?.channel === newer.channel)
        XCTAssertTrue(pool.checkOut(key)?.channel === older.channel)
        XCTAssertNil(pool.checkOut(key))
        XCTAssertEqual(pool.count, 0)
    }

    func testKeysKeepConnectionsApart() throws {
        let pool = pool()
        let otherName = UpstreamPoolKey(target: origin, transport: .tls(serverName: "www.origin.example"))
        let plain = UpstreamPoolKey(target: origin, transport: .plain)
        XCTAssertTrue(pool.checkIn(try upstream()))
        XCTAssertNil(pool.checkOut(otherName))
        XCTAssertNil(pool.checkOut(plain))
        XCTAssertNil(pool.certificateNames(for: plain))
        XCTAssertEqual(pool.certificateNames(for: key), ["origin.example"])
        XCTAssertNotNil(pool.checkOut(key))
    }

    func testClosedOrUnkeyedConnectionsAreNotTakenIn() throws {
        let pool = pool()
        let closed = try upstream()
        try closed.channel.close().wait()
        XCTAssertFalse(pool.checkIn(closed))
        let unkeyed = try upstream()
        let never = RelayUpstream(origin: origin, channel: unkeyed.channel, handler: unkeyed.handler,
                                  tls: nil, serverIP: nil, poolKey: nil, certificateNames: [])
        XCTAssertFalse(pool.checkIn(never))
        XCTAssertEqual(pool.count, 0)
    }

    func testAPooledConnectionThatClosesOrSpeaksIsEvicted() throws {
        let pool = pool()
        let closing = try upstream(), speaking = try upstream()
        XCTAssertTrue(pool.checkIn(closing))
        XCTAssertTrue(pool.checkIn(speaking))

        try closing.channel.close().wait()
        XCTAssertEqual(pool.count, 1)
        // A response nobody asked for (e.g. a 408 before the server closes).
        speaking.channel.pipeline.fireChannelRead(
            HTTPClientResponsePart.head(HTTPResponseHead(version: .http1_1, status: .requestTimeout)))
        XCTAssertEqual(pool.count, 0)
        XCTAssertFalse(speaking.channel.isActive)
        XCTAssertNil(pool.checkOut(key))
    }

    func testInactiveConnectionsAreSkippedAtCheckOut() throws {
        let pool = pool()
        let open = try upstream(name: "open"), dead = try upstream(name: "dead")
        XCTAssertTrue(pool.checkIn(open))
        XCTAssertTrue(pool.checkIn(dead))
        // Closed under the pool without it noticing (the handler left first).
        try dead.channel.pipeline.syncOperations.removeHandler(dead.handler).wait()
        try dead.channel.close().wait()

        XCTAssertEqual(pool.certificateNames(for: key), ["open"])
        XCTAssertTrue(pool.checkOut(key)?.channel === open.channel)
        XCTAssertEqual(pool.count, 0)
    }

    func testOverflowClosesTheLeastRecentlyUsed() throws {
        let pool = pool(UpstreamPool.Limits(perKey: 2, total: 3))
        let otherKey = UpstreamPoolKey(target: ConnectTarget(host: "other.example", port: 443),
                                       transport: .tls(serverName: "other.example"))
        let first = try upstream(), second = try upstream(), third = try upstream()
        XCTAssertTrue(pool.checkIn(first))
        loop.advanceTime(by: .seconds(1))
        XCTAssertTrue(pool.checkIn(second))
        loop.advanceTime(by: .seconds(1))
        // Over the per-key cap: the key's oldest goes.
        XCTAssertTrue(pool.checkIn(third))
        XCTAssertFalse(first.channel.isActive)
        XCTAssertEqual(pool.count, 2)

        loop.advanceTime(by: .seconds(1))
        let elsewhere = try upstream(otherKey)
        XCTAssertTrue(pool.checkIn(elsewhere))
        loop.advanceTime(by: .seconds(1))
        let another = try upstream(otherKey)
        // Over the total cap: the oldest of all (`second`) goes.
        XCTAssertTrue(pool.checkIn(another))
        XCTAssertFalse(second.channel.isActive)
        XCTAssertTrue(third.channel.isActive)
        XCTAssertEqual(pool.count, 3)
    }

    func testTheSweepClosesConnectionsIdleTooLong() throws {
        let pool = pool(UpstreamPool.Limits(idleTime: .seconds(30), sweepInterval: .seconds(5)))
        let old = try upstream()
        XCTAssertTrue(pool.checkIn(old))
        loop.advanceTime(by: .seconds(20))
        let recent = try upstream()
        XCTAssertTrue(pool.checkIn(recent))

        loop.advanceTime(by: .seconds(10))
        XCTAssertFalse(old.channel.isActive)
        XCTAssertTrue(recent.channel.isActive)
        XCTAssertEqual(pool.count, 1)
        loop.advanceTime(by: .seconds(25))
        XCTAssertFalse(recent.channel.isActive)
        XCTAssertEqual(pool.count, 0)
    }

    func testCloseAllClosesEverythingAndTakesNoMore() throws {
        let pool = pool()
        let idle = try upstream()
        XCTAssertTrue(pool.checkIn(idle))
        pool.closeAll()
        XCTAssertFalse(idle.channel.isActive)
        XCTAssertFalse(pool.checkIn(try upstream()))
        XCTAssertEqual(pool.count, 0)
    }

    func testAttachRepointsTheHandlersAtTheNewClientConnection() throws {
        let pool = pool()
        XCTAssertTrue(pool.checkIn(try upstream()))
        let taken = try XCTUnwrap(pool.checkOut(key))
        let other = HTTPRelayHandler(connector: TCPUpstreamConnector(), responseTimeout: .seconds(30), clientLeg: nil,
                                     events: NoProxyEvents(), connectionID: 9)
        taken.handler.attach(to: other, connectionID: 9)
        XCTAssertTrue(taken.handler.relay === other)
        // The framing guard's error record names the connection the upstream serves now.
        let channel = try XCTUnwrap(taken.channel as? EmbeddedChannel)
        var head = HTTPResponseHead(version: .http1_1, status: .ok)
        head.headers.add(name: "transfer-encoding", value: "gzip")  // not ending in chunked: refused
        try channel.writeInbound(HTTPClientResponsePart.head(head))
        XCTAssertEqual(events.errors.map(\.connectionID), [9])
    }
}

/// Keeps the error records the handlers report.
private final class ErrorCollector: ProxyEventSink, @unchecked Sendable {
    private(set) var errors: [ProxyErrorRecord] = []
    func errorOccurred(_ record: ProxyErrorRecord) { errors.append(record) }
}
