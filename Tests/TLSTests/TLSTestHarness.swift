import Foundation
import NIOCore
import NIOPosix
import TestSupport
import TLS
import XCTest

/// Collects a handler's events from the event loop and lets the test thread wait for the handshake outcome.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [TLSEvent] = []
    private var settled = false
    private let outcome: EventLoopPromise<TLSEvent>

    init(eventLoop: EventLoop) {
        outcome = eventLoop.makePromise()
    }

    var events: [TLSEvent] { lock.withLock { recorded } }

    func record(_ event: TLSEvent) {
        let first: Bool = lock.withLock {
            recorded.append(event)
            switch event {
            case .handshakeCompleted, .handshakeFailed:
                defer { settled = true }
                return !settled
            case .message, .keyLog, .connectionFailed:
                return false
            }
        }
        if first { outcome.succeed(event) }
    }

    /// Waits for `.handshakeCompleted` or `.handshakeFailed`.
    func handshakeOutcome() throws -> TLSEvent { try outcome.futureResult.wait() }

    func summary() throws -> TLSSessionSummary {
        let event = try handshakeOutcome()
        guard case .handshakeCompleted(let summary) = event else { throw HarnessError("handshake failed: \(event)") }
        return summary
    }

    var messages: [TLSMessage] {
        events.compactMap { if case .message(let message) = $0 { return message } else { return nil } }
    }

    /// "ClientHello/received"-style labels, in order.
    var messageLabels: [String] { messages.map { "\($0.name)/\($0.direction.rawValue)" } }

    var keyLogLines: [String] {
        events.compactMap { if case .keyLog(let line) = $0 { return line } else { return nil } }
    }

    var errors: [TLSError] {
        events.compactMap {
            switch $0 {
            case .handshakeFailed(let error), .connectionFailed(let error): return error
            case .message, .keyLog, .handshakeCompleted: return nil
            }
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A server identity read from `TestPKI` files.
func loadIdentity(_ leaf: TestPKI.Leaf) throws -> ServerIdentity {
    let certificates = try Certificate.chain(pem: Array(try Data(contentsOf: URL(fileURLWithPath: leaf.certificatePath))))
    let key = try PrivateKey(pem: Array(try Data(contentsOf: URL(fileURLWithPath: leaf.keyPath))))
    return ServerIdentity(certificateChain: certificates, privateKey: key)
}

/// A `ServerBootstrap` on 127.0.0.1:0 whose children run a server-mode `TLSHandler` and an app handler.
final class TLSTestServer: @unchecked Sendable {
    let channel: Channel
    let recorder: EventRecorder
    private let lock = NSLock()
    private var children: [Channel] = []
    private var helloInfos: [ClientHelloInfo] = []

    var port: Int { channel.localAddress!.port! }
    var clientHellos: [ClientHelloInfo] { lock.withLock { helloInfos } }

    /// `identity` gets the ClientHello and the child's event loop.
    init(group: EventLoopGroup, context: TLSContext, allowHalfClosure: Bool = false, autoRead: Bool = true,
         identity: @escaping @Sendable (ClientHelloInfo, EventLoop) -> EventLoopFuture<ServerIdentity>,
         application: @escaping @Sendable () -> ChannelHandler) throws {
        let recorder = EventRecorder(eventLoop: group.next())
        self.recorder = recorder
        let box = ServerBox()
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: allowHalfClosure)
            .childChannelOption(.autoRead, value: autoRead)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    box.server?.adopt(child)
                    let handler = try TLSHandler(serverContext: context, identityProvider: { info in
                        box.server?.noteHello(info)
                        return identity(info, child.eventLoop)
                    }, onEvent: recorder.record)
                    try child.pipeline.syncOperations.addHandlers([handler, application()])
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        box.server = self
    }

    /// The first accepted connection, once there is one.
    func firstChild() -> Channel {
        while lock.withLock({ children.isEmpty }) { Thread.sleep(forTimeInterval: 0.01) }
        return lock.withLock { children[0] }
    }

    /// The first accepted connection, once there is one and it has closed.
    func waitForFirstChildToClose() throws {
        try firstChild().closeFuture.wait()
    }

    private func adopt(_ child: Channel) { lock.withLock { children.append(child) } }
    private func noteHello(_ info: ClientHelloInfo) { lock.withLock { helloInfos.append(info) } }

    deinit { channel.close(promise: nil) }
}

/// Lets the child initializer reach the server object created after `bind`.
private final class ServerBox: @unchecked Sendable {
    var server: TLSTestServer?
}

/// Connects a client-mode `TLSHandler` plus `application` to 127.0.0.1:`port`.
func connectClient(group: EventLoopGroup, port: Int, context: TLSContext, serverName: String?,
                   alpnOffers: [String]? = nil, sessionKey: TLSSessionKey? = nil, recorder: EventRecorder,
                   allowHalfClosure: Bool = false,
                   application: @escaping @Sendable () -> ChannelHandler) throws -> Channel {
    try ClientBootstrap(group: group)
        .channelOption(.allowRemoteHalfClosure, value: allowHalfClosure)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                let handler = try TLSHandler(clientContext: context, serverName: serverName, alpnOffers: alpnOffers,
                                             sessionKey: sessionKey, onEvent: recorder.record)
                try channel.pipeline.syncOperations.addHandlers([handler, application()])
            }
        }
        .connect(host: "127.0.0.1", port: port).wait()
}

/// Echoes every read; closes (with close_notify) once `closeAfter` bytes were echoed.
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let closeAfter: Int
    private var echoed = 0

    init(closeAfter: Int) { self.closeAfter = closeAfter }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        echoed += buffer.readableBytes
        let done = echoed >= closeAfter
        context.writeAndFlush(data).assumeIsolated().whenComplete { _ in
            if done { context.close(promise: nil) }
        }
    }
}

/// Collects plaintext and anything else that reaches the end of the pipeline.
final class CollectHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var caught: [Error] = []

    var received: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
    var errors: [Error] { lock.withLock { caught } }

    /// Polls until `text` arrived; the generous limit only stops a broken test from hanging.
    func waitUntilReceived(containing text: String) throws {
        let deadline = Date().addingTimeInterval(30)
        while !received.contains(text) {
            guard Date() < deadline else { throw HarnessError("never received \(text); got \(received)") }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        lock.withLock { bytes += buffer.readableBytesView }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        lock.withLock { caught.append(error) }
    }
}

/// Lines of an NSS key log file, without comments.
func keyLogFileLines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        .filter { !$0.hasPrefix("#") && !$0.isEmpty }
}

/// Tests with real TLS peers on loopback: one event loop and a fresh test PKI per test.
class LoopbackTLSTestCase: XCTestCase {
    var group: MultiThreadedEventLoopGroup!
    var pki: TestPKI!

    class var eventLoopThreads: Int { 1 }

    override func setUpWithError() throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: Self.eventLoopThreads)
        pki = try TestPKI()
    }

    override func tearDownWithError() throws {
        try group.syncShutdownGracefully()
    }
}
