import Foundation
import NIOCore
import NIOPosix
import TestSupport
import TLS
import XCTest

/// Bulk data through a pair of tlspeek handlers over loopback TCP, both directions at once, with half-closure.
final class ThroughputTests: XCTestCase {
    func testSixtyFourMebibytesEachWayArriveIntact() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        let pki = try TestPKI()
        let identity = try loadIdentity(try pki.issueServerCertificate("localhost", names: ["localhost"]))
        let total = 64 * 1024 * 1024

        let serverResult = group.next().makePromise(of: StreamPeer.Result.self)
        let server = try TLSTestServer(group: group, context: try TLSContext(configuration: .server()),
                                       allowHalfClosure: true,
                                       identity: { _, loop in loop.makeSucceededFuture(identity) },
                                       application: { StreamPeer(total: total, seed: 1, result: serverResult) })
        let clientResult = group.next().makePromise(of: StreamPeer.Result.self)
        let recorder = EventRecorder(eventLoop: group.next())
        let clientContext = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        let channel = try connectClient(group: group, port: server.port, context: clientContext, serverName: "localhost",
                                        recorder: recorder, allowHalfClosure: true,
                                        application: { StreamPeer(total: total, seed: 2, result: clientResult) })

        let fromServer = try serverResult.futureResult.wait()
        let fromClient = try clientResult.futureResult.wait()
        try channel.closeFuture.wait()
        XCTAssertEqual(fromServer.receivedCount, total)
        XCTAssertEqual(fromClient.receivedCount, total)
        XCTAssertEqual(fromServer.receivedDigest, fromClient.sentDigest)
        XCTAssertEqual(fromClient.receivedDigest, fromServer.sentDigest)
        XCTAssertNotEqual(fromServer.sentDigest, fromClient.sentDigest)
        XCTAssertEqual(recorder.errors, [])
        XCTAssertEqual(server.recorder.errors, [])
    }
}

/// Sends `total` pseudo-random bytes once the handshake completes (respecting writability), then
/// half-closes; hashes what it receives until the peer's close_notify.
final class StreamPeer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Result: Sendable {
        let sentDigest: [UInt8]
        let receivedDigest: [UInt8]
        let receivedCount: Int
    }

    private static let chunkSize = 64 * 1024
    private let total: Int
    private let pattern: [UInt8]
    private let result: EventLoopPromise<Result>
    private let sentHasher = SHA256Hasher()
    private let receivedHasher = SHA256Hasher()
    private var sent = 0
    private var received = 0
    private var started = false
    private var outputDone = false
    private var inputDone = false
    private var finished = false

    init(total: Int, seed: UInt64, result: EventLoopPromise<Result>) {
        self.total = total
        self.result = result
        // One odd-length pseudo-random pattern, read at a shifting offset, so every chunk differs.
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        pattern = (0..<(Self.chunkSize + 1)).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is TLSHandshakeCompleted:
            started = true
            pump(context: context)
        case let event as ChannelEvent where event == .inputClosed:
            inputDone = true
            finishIfDone(context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        pump(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        received += buffer.readableBytes
        receivedHasher.update(buffer)
    }

    func channelInactive(context: ChannelHandlerContext) {
        inputDone = true
        outputDone = true
        finishIfDone(context: context)
    }

    private func pump(context: ChannelHandlerContext) {
        guard started else { return }
        while context.channel.isWritable && sent < total {
            let size = min(Self.chunkSize, total - sent)
            var chunk = context.channel.allocator.buffer(capacity: size)
            let offset = (sent / Self.chunkSize) % pattern.count
            let head = min(size, pattern.count - offset)
            chunk.writeBytes(pattern[offset..<offset + head])
            chunk.writeBytes(pattern[0..<(size - head)])
            sentHasher.update(chunk)
            sent += size
            guard sent == total else {
                context.write(wrapOutboundOut(chunk), promise: nil)
                continue
            }
            // Half-close only once the last bytes are out.
            context.writeAndFlush(wrapOutboundOut(chunk)).assumeIsolated().whenSuccess {
                context.close(mode: .output).assumeIsolated().whenComplete { _ in
                    self.outputDone = true
                    self.finishIfDone(context: context)
                }
            }
        }
        context.flush()
    }

    private func finishIfDone(context: ChannelHandlerContext) {
        guard inputDone, outputDone, !finished else { return }
        finished = true
        result.succeed(Result(sentDigest: sentHasher.finish(), receivedDigest: receivedHasher.finish(),
                              receivedCount: received))
        context.close(promise: nil)
    }
}
