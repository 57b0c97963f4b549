import NIOCore
import NIOEmbedded
import TestSupport
import TLS
import XCTest

/// The handler without sockets: queued writes, back-pressure, deferred resumption, garbage input.
final class TLSHandlerEmbeddedTests: XCTestCase {
    private var pki: TestPKI!
    private var identity: ServerIdentity!

    override func setUpWithError() throws {
        pki = try TestPKI()
        identity = try loadIdentity(try pki.issueServerCertificate("localhost", names: ["localhost"]))
    }

    func testWritesBeforeHandshakeAreQueued() throws {
        let client = EmbeddedChannel()
        let context = try TLSContext(configuration: .client())
        try client.pipeline.syncOperations.addHandler(try TLSHandler(clientContext: context, serverName: "localhost", onEvent: { _ in }))
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()

        let clientHello = try XCTUnwrap(try client.readOutbound(as: ByteBuffer.self))
        XCTAssertEqual(clientHello.getInteger(at: 0, as: UInt8.self), 22) // handshake record
        XCTAssertEqual(clientHello.getInteger(at: 5, as: UInt8.self), HandshakeType.clientHello.rawValue)

        let written = client.writeAndFlush(client.allocator.buffer(string: "too early"))
        XCTAssertNil(try client.readOutbound(as: ByteBuffer.self))
        var completed = false
        written.assumeIsolated().whenComplete { _ in completed = true }
        XCTAssertFalse(completed)

        _ = try client.close().wait()
        XCTAssertThrowsError(try written.wait())
    }

    func testGarbageInputFailsTheHandshakeWithoutCrashing() throws {
        let server = EmbeddedChannel()
        var events: [TLSEvent] = []
        let identity = self.identity!
        let handler = try TLSHandler(serverContext: try TLSContext(configuration: .server()),
                                     identityProvider: { _ in server.eventLoop.makeSucceededFuture(identity) },
                                     onEvent: { events.append($0) })
        try server.pipeline.syncOperations.addHandler(handler)
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()

        XCTAssertThrowsError(try server.writeInbound(server.allocator.buffer(string: "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))) { error in
            guard case .protocolFailure(let reasons)? = error as? TLSError else { return XCTFail("\(error)") }
            XCTAssertEqual(reasons, ["http request"]) // OpenSSL recognises plain HTTP
        }
        XCTAssertFalse(server.isActive)
        guard case .handshakeFailed(.protocolFailure)? = events.last else { return XCTFail("\(events)") }
    }

    func testHandshakeResumesOnALaterTickAndReadsWaitForDemand() throws {
        let (client, server) = try makePair()
        let loop = server.embeddedEventLoop

        // ClientHello in: the (already complete) identity future must not resume the handshake re-entrantly.
        try moveOutbound(from: client, to: server)
        XCTAssertNil(try server.readOutbound(as: ByteBuffer.self))
        loop.run()
        XCTAssertNotNil(try server.readOutbound(as: ByteBuffer.self).map { try client.writeInbound($0) })
        try shuttle(client, server)

        // Queued before and after: data flows both ways once the handshake is done.
        client.writeAndFlush(client.allocator.buffer(string: "ping"), promise: nil)
        try shuttle(client, server)
        // Nobody asked the server for data yet: the plaintext waits.
        XCTAssertNil(try server.readInbound(as: ByteBuffer.self))
        server.read()
        XCTAssertEqual(try server.readInbound(as: ByteBuffer.self).map { String(buffer: $0) }, "ping")

        server.writeAndFlush(server.allocator.buffer(string: "pong"), promise: nil)
        try shuttle(client, server)
        client.read()
        XCTAssertEqual(try client.readInbound(as: ByteBuffer.self).map { String(buffer: $0) }, "pong")
    }

    func testOneFlushIsOneCiphertextWriteWithMergedPromises() throws {
        let (client, server) = try makePair()
        try shuttle(client, server)

        let promises = (0..<3).map { _ in client.eventLoop.makePromise(of: Void.self) }
        for (index, promise) in promises.enumerated() {
            client.write(client.allocator.buffer(string: "part\(index);"), promise: promise)
        }
        client.write(client.allocator.buffer(capacity: 0), promise: nil) // empty writes are skipped, not errors
        XCTAssertNil(try client.readOutbound(as: ByteBuffer.self), "nothing before the flush")
        client.flush()
        let ciphertext = try XCTUnwrap(try client.readOutbound(as: ByteBuffer.self))
        XCTAssertNil(try client.readOutbound(as: ByteBuffer.self), "one flush, one write")
        for promise in promises { XCTAssertNoThrow(try promise.futureResult.wait()) }

        try server.writeInbound(ciphertext)
        server.read()
        XCTAssertEqual(try server.readInbound(as: ByteBuffer.self).map { String(buffer: $0) }, "part0;part1;part2;")
    }

    func testSmallWritesOfOneFlushShareOneTLSRecord() throws {
        let (client, server) = try makePair()
        try shuttle(client, server)

        let head = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n"
        let large = String(repeating: "x", count: 20_000)
        for part in [head, "hello", large, "tail"] {
            client.write(client.allocator.buffer(string: part), promise: nil)
        }
        client.flush()
        let ciphertext = try XCTUnwrap(try client.readOutbound(as: ByteBuffer.self))
        // head + body share a record; the large write cannot join them and takes two records of its own
        // (16 KiB + the rest); "tail" starts a new batch.
        XCTAssertEqual(Self.recordCount(ciphertext), 4)

        try server.writeInbound(ciphertext)
        server.read()
        XCTAssertEqual(try server.readInbound(as: ByteBuffer.self).map { String(buffer: $0) }, head + "hello" + large + "tail")
    }

    func testAfterTheHandshakeOnlyAlertsAreReportedAsMessages() throws {
        var labels: [String] = []
        let (client, server) = try makePair(clientEvents: { event in
            if case .message(let message) = event { labels.append("\(message.contentType)/\(message.direction)") }
        })
        try shuttle(client, server)
        let handshakeMessages = labels.count
        XCTAssertGreaterThan(handshakeMessages, 0)

        for index in 0..<3 {
            client.writeAndFlush(client.allocator.buffer(string: "request \(index)"), promise: nil)
            server.writeAndFlush(server.allocator.buffer(string: "response \(index)"), promise: nil)
            try shuttle(client, server)
        }
        XCTAssertEqual(labels.count, handshakeMessages, "application data records are not messages: \(labels)")

        client.close(promise: nil)
        try shuttle(client, server)
        XCTAssertEqual(labels.dropFirst(handshakeMessages).map { $0 }, ["alert/sent"])
    }

    func testAReadAnsweredFromHeldPlaintextStillAsksTheChannelForMore() throws {
        let (client, server) = try makePair()
        try shuttle(client, server)
        let reads = ReadCounter()
        try server.pipeline.syncOperations.addHandler(reads, position: .first)

        client.writeAndFlush(client.allocator.buffer(string: "GET /1"), promise: nil)
        try shuttle(client, server)
        XCTAssertNil(try server.readInbound(as: ByteBuffer.self), "nobody asked yet: the plaintext is held")
        let before = reads.count
        server.read()
        XCTAssertEqual(try server.readInbound(as: ByteBuffer.self).map { String(buffer: $0) }, "GET /1")
        // With autoRead the channel re-issues a read only after a socket read; a consumer that asks once
        // and then waits (HTTPServerPipelineHandler after its response) would never see the next request.
        XCTAssertEqual(reads.count, before + 1, "the held plaintext answered the read, and the socket was asked for more")
    }

    // MARK: - Helpers

    /// How many TLS records `ciphertext` holds (5-byte headers, big-endian length in bytes 3-4).
    private static func recordCount(_ ciphertext: ByteBuffer) -> Int {
        let bytes = Array(ciphertext.readableBytesView)
        var offset = 0
        var count = 0
        while offset + 5 <= bytes.count {
            offset += 5 + (Int(bytes[offset + 3]) << 8 | Int(bytes[offset + 4]))
            count += 1
        }
        return count
    }

    /// The ClientHello is kept only until the handshake ends: the ALPN choice, made after the paused
    /// certificate choice, still reads it, and the transcript (built from events) still has it.
    func testALPNAfterTheIdentityPauseAndTranscriptSurviveReleasingTheClientHello() throws {
        let client = EmbeddedChannel()
        let server = EmbeddedChannel()
        let identity = self.identity!
        var serverEvents: [TLSEvent] = []
        var clientEvents: [TLSEvent] = []
        var hellos: [ClientHelloInfo] = []
        let serverContext = try TLSContext(configuration: .server(alpnSelector: { $0.contains("http/1.1") ? "http/1.1" : nil }))
        try server.pipeline.syncOperations.addHandler(try TLSHandler(
            serverContext: serverContext,
            identityProvider: { hellos.append($0); return server.eventLoop.makeSucceededFuture(identity) },
            onEvent: { serverEvents.append($0) }))
        let clientContext = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath]),
                                                                  alpnOffers: ["h2", "http/1.1"]))
        try client.pipeline.syncOperations.addHandler(try TLSHandler(clientContext: clientContext, serverName: "localhost",
                                                                     onEvent: { clientEvents.append($0) }))
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
        try shuttle(client, server)

        XCTAssertEqual(hellos.map(\.alpnOffers), [["h2", "http/1.1"]])
        XCTAssertEqual(hellos.first?.rawClientHello.first, HandshakeType.clientHello.rawValue)
        for events in [serverEvents, clientEvents] {
            guard case .handshakeCompleted(let summary)? = events.first(where: { if case .handshakeCompleted = $0 { true } else { false } }) else {
                return XCTFail("\(events)")
            }
            XCTAssertEqual(summary.alpn, "http/1.1")
        }
        let serverMessages = serverEvents.compactMap { event -> TLSMessage? in if case .message(let message) = event { message } else { nil } }
        XCTAssertEqual(serverMessages.first(where: { $0.handshakeType == .clientHello })?.bytes, hellos.first?.rawClientHello)

        // Application data still flows both ways after the handshake state is let go.
        client.writeAndFlush(client.allocator.buffer(string: "ping"), promise: nil)
        try shuttle(client, server)
        server.read()
        XCTAssertEqual(try server.readInbound(as: ByteBuffer.self).map { String(buffer: $0) }, "ping")
    }

    private func makePair(clientEvents: @escaping (TLSEvent) -> Void = { _ in }) throws -> (client: EmbeddedChannel, server: EmbeddedChannel) {
        let client = EmbeddedChannel()
        let server = EmbeddedChannel()
        let identity = self.identity!
        try server.pipeline.syncOperations.addHandler(
            try TLSHandler(serverContext: try TLSContext(configuration: .server()),
                           identityProvider: { _ in server.eventLoop.makeSucceededFuture(identity) },
                           onEvent: { _ in }))
        let clientContext = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        try client.pipeline.syncOperations.addHandler(try TLSHandler(clientContext: clientContext, serverName: "localhost",
                                                                     onEvent: clientEvents))
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
        return (client, server)
    }

    @discardableResult
    private func moveOutbound(from source: EmbeddedChannel, to destination: EmbeddedChannel) throws -> Bool {
        var moved = false
        while let buffer = try source.readOutbound(as: ByteBuffer.self) {
            guard buffer.readableBytes > 0 else { continue }
            try destination.writeInbound(buffer)
            moved = true
        }
        return moved
    }

    /// Moves ciphertext both ways, running scheduled tasks, until nothing moves.
    private func shuttle(_ client: EmbeddedChannel, _ server: EmbeddedChannel) throws {
        var moved = true
        while moved {
            client.embeddedEventLoop.run()
            server.embeddedEventLoop.run()
            moved = try moveOutbound(from: client, to: server)
            moved = try moveOutbound(from: server, to: client) || moved
        }
    }
}

/// Counts the reads that reach the channel below the handler under test.
private final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = Any
    var count = 0

    func read(context: ChannelHandlerContext) {
        count += 1
        context.read()
    }
}
