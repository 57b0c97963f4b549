import NIOCore
import NIOPosix
import TestSupport
import TLS
import XCTest

/// With autoRead off, the handshake still reads what it needs, and application data waits for `read()`.
final class BackPressureTests: XCTestCase {
    func testAutoReadOffHandshakesAndDeliversOnlyOnDemand() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let pki = try TestPKI()
        let identity = try loadIdentity(try pki.issueServerCertificate("localhost", names: ["localhost"]))
        let collector = CollectHandler()
        let server = try TLSTestServer(group: group, context: try TLSContext(configuration: .server()), autoRead: false,
                                       identity: { _, loop in loop.makeSucceededFuture(identity) },
                                       application: { collector })
        let recorder = EventRecorder(eventLoop: group.next())
        let clientContext = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        let channel = try connectClient(group: group, port: server.port, context: clientContext, serverName: "localhost",
                                        recorder: recorder, application: { CollectHandler() })
        // Nobody on the server side called read(): the handshake completes anyway.
        XCTAssertEqual(try recorder.summary().verification, .ok)
        XCTAssertEqual(try server.recorder.summary().serverName, "localhost")

        try channel.writeAndFlush(channel.allocator.buffer(string: "on demand")).wait()
        let child = server.firstChild()
        child.read()
        try collector.waitUntilReceived(containing: "on demand")
        try channel.close().wait()
        try child.closeFuture.wait()
        XCTAssertEqual(server.recorder.errors, [])
    }
}
