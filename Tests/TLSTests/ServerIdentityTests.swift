import Foundation
import NIOCore
import NIOPosix
import TestSupport
import TLS
import XCTest

/// The server certificate is chosen asynchronously while the handshake waits.
final class ServerIdentityTests: LoopbackTLSTestCase {
    // Server and client on different loops, so the identity future really completes elsewhere.
    override class var eventLoopThreads: Int { 2 }

    func testLateIdentityCompletesHandshakeAndCarriesData() throws {
        let identity = try loadIdentity(try pki.issueServerCertificate("localhost", names: ["localhost"]))
        let server = try TLSTestServer(group: group, context: try TLSContext(configuration: .server()),
                                       identity: { _, loop in
                                           loop.scheduleTask(in: .milliseconds(50)) { identity }.futureResult
                                       },
                                       application: { EchoHandler(closeAfter: 4) })
        let recorder = EventRecorder(eventLoop: group.next())
        let collector = CollectHandler()
        let clientContext = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        let channel = try connectClient(group: group, port: server.port, context: clientContext, serverName: "localhost",
                                        recorder: recorder, application: { collector })
        // Written before the handshake completes: queued, then sent.
        try channel.writeAndFlush(channel.allocator.buffer(string: "ping")).wait()
        try channel.closeFuture.wait()

        XCTAssertEqual(try recorder.summary().verification, .ok)
        XCTAssertEqual(collector.received, "ping")
        XCTAssertEqual(try server.recorder.summary().serverName, "localhost")
        XCTAssertEqual(recorder.errors, [])
    }

    func testFailedIdentityAbortsWithInternalError() throws {
        struct NoCertificate: Error, CustomStringConvertible {
            var description: String { "CA unavailable" }
        }
        let server = try TLSTestServer(group: group, context: try TLSContext(configuration: .server()),
                                       identity: { _, loop in
                                           loop.scheduleTask(in: .milliseconds(10)) { throw NoCertificate() }.futureResult
                                       },
                                       application: { CollectHandler() })
        let recorder = EventRecorder(eventLoop: group.next())
        let collector = CollectHandler()
        let channel = try connectClient(group: group, port: server.port, context: try TLSContext(configuration: .client()),
                                        serverName: "localhost", recorder: recorder, application: { collector })
        try channel.closeFuture.wait()
        try server.waitForFirstChildToClose()

        guard case .handshakeFailed(.serverIdentityUnavailable(let reason)) = try server.recorder.handshakeOutcome() else {
            return XCTFail("server: \(server.recorder.events)")
        }
        XCTAssertEqual(reason, "CA unavailable")
        XCTAssertTrue(server.recorder.messageLabels.contains("Alert(internal_error)/sent"), "\(server.recorder.messageLabels)")
        guard case .handshakeFailed(.alert(.internalError, direction: .received, let reasons)) = try recorder.handshakeOutcome() else {
            return XCTFail("client: \(recorder.events)")
        }
        XCTAssertEqual(reasons, ["tlsv1 alert internal error"])
        XCTAssertEqual(collector.errors as? [TLSError], [.alert(.internalError, direction: .received, reasons: reasons)])
    }
}
