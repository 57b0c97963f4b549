import Foundation
import NIOCore
import XCTest
import Proxy
import TestSupport

/// The TLS extension point, exercised with a stand-in interceptor (no real TLS): it must be called
/// for ClientHellos of intercepted hosts only, receive the bytes already read, and be able to run the
/// proxy's HTTP relay behind its own handler.
final class InterceptionHookTests: XCTestCase {
    func testInterceptorGetsTheBufferedBytesAndCanInstallTheRelay() throws {
        let log = InterceptionLog()
        let proxy = try ProxyHarness { $0.interceptor = FakeTLSInterceptor(log: log) }
        let origin = try TestOrigin(group: proxy.group, name: "origin-a")
        let authority = "127.0.0.1:\(origin.port)"
        // CONNECT, the fake "record header" and the request arrive in one write: nothing may be lost.
        let output = try RawClient.exchange(port: proxy.port, bytes: Array("CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n\r\n".utf8)
            + [0x16, 0x03] + Array("GET /hello HTTP/1.1\r\nHost: \(authority)\r\nConnection: close\r\n\r\n".utf8))
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 Connection Established\r\n\r\nHTTP/1.1 200 OK\r\n"), output)
        XCTAssertTrue(output.hasSuffix("hello from origin-a\n"), output)
        XCTAssertEqual(log.calls, [InterceptionLog.Call(target: ConnectTarget(host: "127.0.0.1", port: origin.port),
                                                        firstBytes: [0x16, 0x03])])
        let record = try XCTUnwrap(proxy.events.waitForExchanges(1).first)
        XCTAssertEqual(record.url, "https://\(authority)/hello")
        XCTAssertEqual(record.status, 200)
    }

    func testIgnoredHostIsTunnelledWithoutCallingTheInterceptor() throws {
        let log = InterceptionLog()
        let proxy = try ProxyHarness {
            $0.interceptor = FakeTLSInterceptor(log: log)
            $0.hostFilter = try! HostFilter(allow: [], ignore: ["localhost"])
        }
        let pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost"])
        let site = try TemporaryDirectory()
        try "ignored host page\n".write(toFile: site.file("index.html"), atomically: true, encoding: .utf8)
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-WWW"], directory: site.path)
        let result = try proxy.curl(["--cacert", pki.caCertificatePath, "https://localhost:\(server.port)/index.html"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output, "ignored host page\n")
        XCTAssertEqual(try proxy.events.waitForTunnel().reason, "matches --ignore-hosts 'localhost'")
        XCTAssertEqual(log.calls, [])
    }

    func testPlainHTTPSentTogetherWithCONNECTIsRelayed() throws {
        let proxy = try ProxyHarness()
        let origin = try TestOrigin(group: proxy.group, name: "origin-a")
        let authority = "127.0.0.1:\(origin.port)"
        let output = try RawClient.exchange(port: proxy.port, bytes: Array((
            "CONNECT \(authority) HTTP/1.1\r\n\r\nGET /hello HTTP/1.1\r\nHost: \(authority)\r\nConnection: close\r\n\r\n").utf8))
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 Connection Established\r\n\r\nHTTP/1.1 200 OK\r\n"), output)
        XCTAssertTrue(output.hasSuffix("hello from origin-a\n"), output)
    }

    func testExpectContinueIsPassedThrough() throws {
        let proxy = try ProxyHarness()
        let origin = try TestOrigin(group: proxy.group, name: "origin-a")
        let result = try proxy.curl(["-v", "-H", "Expect: 100-continue", "--data-binary", "payload",
                                     "http://127.0.0.1:\(origin.port)/echo"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("< HTTP/1.1 100 Continue"), result.output)
        XCTAssertTrue(result.output.hasSuffix("payload"), result.output)
    }
}

/// What the fake interceptor was called with.
final class InterceptionLog: @unchecked Sendable {
    struct Call: Equatable {
        let target: ConnectTarget
        let firstBytes: [UInt8]
    }

    private let lock = NSLock()
    private var recorded: [Call] = []
    var calls: [Call] { lock.withLock { recorded } }
    func append(_ call: Call) { lock.withLock { recorded.append(call) } }
}

/// Treats the stream as "TLS" whose only framing is a 2-byte prefix: strips it and relays the rest
/// as HTTP through the proxy's public relay installer.
struct FakeTLSInterceptor: TLSInterceptor {
    let log: InterceptionLog

    func intercept(channel: any Channel, target: ConnectTarget, bufferedBytes: ByteBuffer, relay: HTTPRelayInstaller) {
        log.append(.init(target: target, firstBytes: Array(bufferedBytes.readableBytesView.prefix(2))))
        do {
            try channel.pipeline.syncOperations.addHandler(StripPrefixHandler(count: 2))
            try relay.install(on: channel.pipeline.syncOperations, connector: TCPUpstreamConnector(), clientLeg: nil)
            channel.pipeline.syncOperations.fireChannelRead(NIOAny(bufferedBytes))
        } catch {
            channel.close(promise: nil)
        }
    }
}

/// Drops the first `count` bytes of the stream.
final class StripPrefixHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private var remaining: Int

    init(count: Int) { remaining = count }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = Self.unwrapInboundIn(data)
        let skip = min(remaining, bytes.readableBytes)
        bytes.moveReaderIndex(forwardBy: skip)
        remaining -= skip
        if bytes.readableBytes > 0 { context.fireChannelRead(Self.wrapInboundOut(bytes)) }
    }
}
