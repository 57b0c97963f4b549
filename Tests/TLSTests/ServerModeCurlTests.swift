import Foundation
import NIOCore
import NIOPosix
import TestSupport
import TLS
import XCTest

/// Server mode against curl: SNI and ALPN reach the ClientHello callback, HTTP/1.1 flows.
final class ServerModeCurlTests: LoopbackTLSTestCase {

    func testCurlTLS12() throws {
        try runCurl(["--tls-max", "1.2"], expectedVersion: "TLSv1.2")
    }

    func testCurlTLS13() throws {
        try runCurl(["--tlsv1.3"], expectedVersion: "TLSv1.3")
    }

    private func runCurl(_ versionArguments: [String], expectedVersion: String) throws {
        let context = try TLSContext(configuration: .server(alpnSelector: { $0.contains("http/1.1") ? "http/1.1" : nil }))
        let identity = try loadIdentity(try pki.issueServerCertificate("localhost", names: ["localhost"]))
        let server = try TLSTestServer(group: group, context: context,
                                       identity: { _, loop in loop.makeSucceededFuture(identity) },
                                       application: { FixedHTTPResponder() })
        let result = try ChildProcess.run("curl", ["-sS", "--cacert", pki.caCertificatePath,
                                                   "--resolve", "localhost:\(server.port):127.0.0.1",
                                                   "https://localhost:\(server.port)/"] + versionArguments)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output, FixedHTTPResponder.body)
        try server.waitForFirstChildToClose()

        XCTAssertEqual(server.clientHellos.count, 1)
        let hello = try XCTUnwrap(server.clientHellos.first)
        XCTAssertEqual(hello.serverName, "localhost")
        XCTAssertTrue(hello.alpnOffers.contains("http/1.1"), "\(hello.alpnOffers)")
        XCTAssertEqual(hello.rawClientHello.first, HandshakeType.clientHello.rawValue)
        XCTAssertEqual(hello.rawClientHello.count, 4 + (Int(hello.rawClientHello[1]) << 16 | Int(hello.rawClientHello[2]) << 8 | Int(hello.rawClientHello[3])))

        let summary = try server.recorder.summary()
        XCTAssertEqual(summary.version, expectedVersion)
        XCTAssertEqual(summary.alpn, "http/1.1")
        XCTAssertEqual(summary.serverName, "localhost")
        XCTAssertFalse(summary.sessionReused)
        XCTAssertEqual(server.recorder.errors, [])
    }
}

/// Answers the first request with a fixed HTTP/1.1 response and closes.
final class FixedHTTPResponder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    static let body = "hello from tlspeek\n"
    private var request = ""
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        request += String(buffer: unwrapInboundIn(data))
        guard !answered, request.contains("\r\n\r\n") else { return }
        answered = true
        let response = "HTTP/1.1 200 OK\r\nContent-Length: \(Self.body.utf8.count)\r\nConnection: close\r\n\r\n\(Self.body)"
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: response)))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
