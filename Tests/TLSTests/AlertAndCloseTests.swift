import Foundation
import NIOCore
import NIOPosix
import TestSupport
import TLS
import XCTest

/// Alerts surface as typed errors; close_notify closes cleanly; a missing one is reported.
final class AlertAndCloseTests: XCTestCase {
    private var group: MultiThreadedEventLoopGroup!
    private var pki: TestPKI!
    private var identity: ServerIdentity!

    override func setUpWithError() throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        pki = try TestPKI()
        identity = try loadIdentity(try pki.issueServerCertificate("localhost", names: ["localhost"]))
    }

    override func tearDownWithError() throws {
        try group.syncShutdownGracefully()
    }

    func testClientRejectingUnknownCAIsReceivedAlert() throws {
        let collector = CollectHandler()
        let server = try makeServer(application: collector)
        // s_client does not trust the test CA and aborts the handshake.
        let client = try ChildProcess("openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", "-servername", "localhost",
                                                  "-verify_return_error", "-quiet"])
        client.closeStandardInput()
        XCTAssertNotEqual(client.waitForExit(), 0)
        try server.waitForFirstChildToClose()

        guard case .handshakeFailed(.alert(let alert, let direction, let reasons)) = try server.recorder.handshakeOutcome() else {
            return XCTFail("\(server.recorder.events)")
        }
        XCTAssertEqual(alert, .unknownCA)
        XCTAssertEqual(alert.name, "unknown_ca")
        XCTAssertEqual(direction, .received)
        XCTAssertEqual(reasons, ["tlsv1 alert unknown ca"])
        XCTAssertTrue(server.recorder.messageLabels.contains("Alert(unknown_ca)/received"))
        XCTAssertEqual(collector.errors as? [TLSError], [.alert(.unknownCA, direction: .received, reasons: reasons)])
    }

    func testVersionBelowMinimumIsSentAlert() throws {
        let identity = self.identity!
        let server = try TLSTestServer(group: group, context: try TLSContext(configuration: .server(minimumVersion: .tls13)),
                                       identity: { _, loop in loop.makeSucceededFuture(identity) },
                                       application: { CollectHandler() })
        let client = try ChildProcess("openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_2", "-quiet"])
        client.closeStandardInput()
        XCTAssertNotEqual(client.waitForExit(), 0)
        try server.waitForFirstChildToClose()

        guard case .handshakeFailed(.alert(let alert, .sent, let reasons)) = try server.recorder.handshakeOutcome() else {
            return XCTFail("\(server.recorder.events)")
        }
        XCTAssertEqual(alert.name, "protocol_version")
        XCTAssertEqual(reasons, ["unsupported protocol"])
        XCTAssertEqual(server.recorder.messageLabels, ["ClientHello/received", "Alert(protocol_version)/sent"])
    }

    func testPeerCloseNotifyClosesCleanly() throws {
        let serverCollector = CollectHandler()
        let server = try makeServer(application: serverCollector)
        let recorder = EventRecorder(eventLoop: group.next())
        let clientContext = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        let channel = try connectClient(group: group, port: server.port, context: clientContext, serverName: "localhost",
                                        recorder: recorder, application: { CollectHandler() })
        try channel.writeAndFlush(channel.allocator.buffer(string: "bye")).wait()
        try serverCollector.waitUntilReceived(containing: "bye")
        try channel.close().wait()
        try server.waitForFirstChildToClose()

        XCTAssertTrue(server.recorder.messageLabels.contains("Alert(close_notify)/received"), "\(server.recorder.messageLabels)")
        XCTAssertTrue(recorder.messageLabels.contains("Alert(close_notify)/sent"))
        XCTAssertEqual(server.recorder.errors, [])
        XCTAssertEqual(recorder.errors, [])
        XCTAssertTrue(serverCollector.errors.isEmpty, "\(serverCollector.errors)")
    }

    func testOutputHalfClosureSendsCloseNotifyAndKeepsTheOtherDirection() throws {
        let identity = self.identity!
        let server = try TLSTestServer(group: group, context: try TLSContext(configuration: .server()), allowHalfClosure: true,
                                       identity: { _, loop in loop.makeSucceededFuture(identity) },
                                       application: { ReplyWhenInputCloses() })
        let recorder = EventRecorder(eventLoop: group.next())
        let collector = CollectHandler()
        let clientContext = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        let channel = try connectClient(group: group, port: server.port, context: clientContext, serverName: "localhost",
                                        recorder: recorder, allowHalfClosure: true, application: { collector })
        try channel.writeAndFlush(channel.allocator.buffer(string: "request")).wait()
        try channel.close(mode: .output).wait()
        try collector.waitUntilReceived(containing: "reply to request")
        try channel.closeFuture.wait()

        XCTAssertEqual(recorder.messageLabels.filter { $0.hasPrefix("Alert") },
                       ["Alert(close_notify)/sent", "Alert(close_notify)/received"])
        XCTAssertEqual(recorder.errors, [])
        XCTAssertEqual(server.recorder.errors, [])
    }

    func testTCPCloseWithoutCloseNotifyIsTruncation() throws {
        let collector = CollectHandler()
        let server = try makeServer(application: collector)
        let client = try ChildProcess("openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", "-servername", "localhost",
                                                  "-CAfile", pki.caCertificatePath])
        _ = try server.recorder.summary()
        client.terminate(signal: SIGKILL) // the kernel closes the socket: no close_notify
        try server.waitForFirstChildToClose()

        XCTAssertEqual(server.recorder.errors, [.uncleanShutdown])
        // NIO may also report the reset socket; the TLS error is what matters here.
        XCTAssertEqual(collector.errors.compactMap { $0 as? TLSError }, [.uncleanShutdown], "\(collector.errors)")
    }

    private func makeServer(application: CollectHandler) throws -> TLSTestServer {
        let identity = self.identity!
        return try TLSTestServer(group: group, context: try TLSContext(configuration: .server()),
                                 identity: { _, loop in loop.makeSucceededFuture(identity) },
                                 application: { application })
    }
}

/// Collects the request until the peer's close_notify (`inputClosed`), then answers and closes.
final class ReplyWhenInputCloses: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var request = ""

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        request += String(buffer: unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else { return context.fireUserInboundEventTriggered(event) }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "reply to \(request)")))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
