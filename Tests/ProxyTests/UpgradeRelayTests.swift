import NIOCore
import NIOEmbedded
import NIOHTTP1
import XCTest
@testable import Proxy

/// The protocol-switch decision without sockets: which requests carry `Upgrade` upstream, and what
/// the relay does with a `101` and with any other answer.
final class UpgradeRelayTests: XCTestCase {
    private let origin = ConnectTarget(host: "example.com", port: 80)
    private let events = RecordingEvents()
    private let loop = EmbeddedEventLoop()

    func testUpgradeIsForwardedOnlyWhenConnectionListsIt() {
        let router = RequestRouter(mode: .origin(origin, scheme: "http"))
        let asked = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/chat",
                                    headers: ["Connection": "keep-alive, Upgrade", "Upgrade": "websocket", "X-Kept": "1"])
        guard case .forward(let request) = router.route(asked) else { return XCTFail("not forwarded") }
        XCTAssertEqual(request.upgrade, "websocket")
        XCTAssertEqual(request.head.headers["connection"], ["upgrade"])
        XCTAssertEqual(request.head.headers["upgrade"], ["websocket"])
        XCTAssertEqual(request.head.headers["x-kept"], ["1"])

        let notAsked = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/chat", headers: ["Upgrade": "websocket"])
        guard case .forward(let plain) = router.route(notAsked) else { return XCTFail("not forwarded") }
        XCTAssertNil(plain.upgrade)
        XCTAssertFalse(plain.head.headers.contains(name: "upgrade"))
        XCTAssertFalse(plain.head.headers.contains(name: "connection"))
    }

    func testSwitchingProtocolsJoinsBothConnectionsKeepingEarlyBytes() throws {
        let (client, upstream) = try makeChannels()
        try client.writeInbound(ByteBuffer(string: "GET /chat HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nEARLY"))
        let request = try outboundText(upstream)
        XCTAssertTrue(request.hasPrefix("GET /chat HTTP/1.1\r\n"), request)
        XCTAssertTrue(request.contains("connection: upgrade\r\n") && request.contains("upgrade: echo\r\n"), request)
        XCTAssertFalse(request.contains("EARLY"), "bytes after the request head wait for the switch")

        try upstream.writeInbound(ByteBuffer(string: "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nLATE"))
        loop.run()  // the decoders leave one tick later, handing over the bytes they hold
        XCTAssertEqual(try outboundText(client), "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: echo\r\n\r\nLATE")
        XCTAssertEqual(try outboundText(upstream), "EARLY")
        XCTAssertNoThrow(try client.pipeline.syncOperations.handler(type: GlueHandler.self))
        XCTAssertThrowsError(try client.pipeline.syncOperations.handler(type: HTTPRelayHandler.self))
        XCTAssertThrowsError(try upstream.pipeline.syncOperations.handler(type: UpstreamResponseHandler.self))

        try client.writeInbound(ByteBuffer(bytes: [0x81, 0x00, 0xff]))
        XCTAssertEqual(try upstream.readOutbound(as: ByteBuffer.self), ByteBuffer(bytes: [0x81, 0x00, 0xff]))
        let exchange = try XCTUnwrap(events.exchangeRecords.first)
        XCTAssertEqual(exchange.status, 101)
        XCTAssertEqual(exchange.upgradedTo, "echo")
        XCTAssertNil(exchange.error)

        try upstream.close().wait()
        loop.run()
        let tunnel = try events.waitForTunnel()
        XCTAssertEqual(tunnel.target, origin)
        XCTAssertEqual(tunnel.bytesUp, 5 + 3)
        XCTAssertEqual(tunnel.bytesDown, 4)
        XCTAssertEqual(tunnel.reason, "upgraded to echo after 101")
    }

    func testSwitchWaitsForTheRestOfTheRequest() throws {
        let (client, upstream) = try makeChannels()
        try client.writeInbound(ByteBuffer(string: "POST /h2c HTTP/1.1\r\nHost: example.com\r\nContent-Length: 4\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nab"))
        XCTAssertTrue(try outboundText(upstream).hasSuffix("\r\n\r\nab"))
        try upstream.writeInbound(ByteBuffer(string: "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"))
        loop.run()
        XCTAssertTrue(try outboundText(client).hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
        XCTAssertNoThrow(try client.pipeline.syncOperations.handler(type: HTTPRelayHandler.self), "the body is still HTTP")
        XCTAssertEqual(events.exchangeRecords, [])

        try client.writeInbound(ByteBuffer(string: "cdRAW"))
        loop.run()
        XCTAssertEqual(try outboundText(upstream), "cdRAW")
        XCTAssertNoThrow(try client.pipeline.syncOperations.handler(type: GlueHandler.self))
        let exchange = try XCTUnwrap(events.exchangeRecords.first)
        XCTAssertEqual(exchange.requestBodyBytes, 4)
        XCTAssertEqual(exchange.upgradedTo, "echo")
    }

    func testRefusedUpgradeIsAnOrdinaryResponseThatClosesTheClient() throws {
        let (client, upstream) = try makeChannels()
        try client.writeInbound(ByteBuffer(string: "GET /chat HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"))
        _ = try outboundText(upstream)
        try upstream.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno"))
        loop.run()
        let response = try outboundText(client)
        XCTAssertTrue(response.hasPrefix("HTTP/1.1 200 OK\r\n"), response)
        XCTAssertTrue(response.contains("connection: close\r\n"), response)
        XCTAssertTrue(response.hasSuffix("\r\n\r\nno"), response)
        XCTAssertFalse(client.isActive, "the request decoder stopped after the upgrade request")
        XCTAssertEqual(events.exchangeRecords.first?.status, 200)
        XCTAssertNil(events.exchangeRecords.first?.upgradedTo)
    }

    func testUnrequestedSwitchIsABadGateway() throws {
        let (client, upstream) = try makeChannels()
        try client.writeInbound(ByteBuffer(string: "GET /plain HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        _ = try outboundText(upstream)
        try upstream.writeInbound(ByteBuffer(string: "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"))
        loop.run()
        XCTAssertTrue(try outboundText(client).hasPrefix("HTTP/1.1 502 Bad Gateway\r\n"))
        XCTAssertFalse(upstream.isActive)
        XCTAssertEqual(events.exchangeRecords.first?.error, "tlspeek: example.com:80 switched protocols although the client did not ask to")
    }

    // MARK: helpers

    /// A client channel with the origin relay (inside a tunnel to `origin`) whose connector hands out `upstream`.
    private func makeChannels() throws -> (client: EmbeddedChannel, upstream: EmbeddedChannel) {
        let upstream = EmbeddedChannel(loop: loop)
        let client = try EmbeddedOriginRelay.client(on: loop, origin: origin, connector: FixedConnector(channel: upstream),
                                                    events: events)
        try upstream.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (client, upstream)
    }

    /// Everything written to `channel` so far, as text.
    private func outboundText(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let bytes = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: bytes) }
        return text
    }
}

/// Hands out one prepared channel.
private struct FixedConnector: UpstreamConnector {
    let channel: EmbeddedChannel

    func connect(to target: ConnectTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection> {
        eventLoop.makeSucceededFuture(UpstreamConnection(channel: channel))
    }
}
