import Foundation
import NIOCore
import NIOPosix
import XCTest
import Proxy
import TestSupport

/// Real curl through a real `ProxyServer` to real origins on 127.0.0.1.
final class ProxyEndToEndTests: XCTestCase {
    private var proxy: ProxyHarness!
    private var origin: TestOrigin!
    private var originURL: String { "http://127.0.0.1:\(origin.port)" }

    override func setUpWithError() throws {
        proxy = try ProxyHarness()
        origin = try TestOrigin(group: proxy.group, name: "origin-a")
    }

    override func tearDown() {
        origin = nil
        proxy = nil
    }

    /// curl through the proxy, with the HTTP status appended as the last line.
    private func fetch(_ arguments: [String], input: Data? = nil) throws -> (body: String, status: String) {
        let result = try proxy.curl(arguments + ["-w", "\n%{http_code}"], input: input)
        XCTAssertEqual(result.status, 0, result.output)
        var lines = result.output.components(separatedBy: "\n")
        let status = lines.removeLast()
        return (lines.joined(separator: "\n"), status)
    }

    func testGet() throws {
        let result = try fetch(["\(originURL)/hello"])
        XCTAssertEqual(result.body, "hello from origin-a\n")
        XCTAssertEqual(result.status, "200")
        let record = try XCTUnwrap(proxy.events.waitForExchanges(1).first)
        XCTAssertEqual(record.method, "GET")
        XCTAssertEqual(record.url, "\(originURL)/hello")
        XCTAssertEqual(record.status, 200)
        XCTAssertEqual(record.responseBodyBytes, 20)
        XCTAssertNil(record.error)
    }

    func testOriginSeesOriginFormWithoutHopByHopHeaders() throws {
        let result = try fetch(["\(originURL)/headers", "-H", "Proxy-Authorization: Basic eDp5", "-H", "Connection: X-Secret",
                                "-H", "X-Secret: 1", "-H", "X-Visible: 2"])
        let lines = result.body.split(separator: "\n").map { $0.lowercased() }
        XCTAssertEqual(lines.first, "get /headers http/1.1")
        XCTAssertTrue(lines.contains("host: 127.0.0.1:\(origin.port)"), result.body)
        XCTAssertTrue(lines.contains("x-visible: 2"), result.body)
        for name in ["proxy-authorization", "proxy-connection", "connection", "x-secret"] {
            XCTAssertFalse(lines.contains { $0.hasPrefix(name + ":") }, "\(name) was forwarded:\n\(result.body)")
        }
    }

    func testPostWithBody() throws {
        let result = try fetch(["--data-binary", "name=tlspeek&x=1", "\(originURL)/echo"])
        XCTAssertEqual(result.body, "name=tlspeek&x=1")
        XCTAssertEqual(try proxy.events.waitForExchanges(1).first?.requestBodyBytes, 16)
    }

    func testChunkedUploadFromStandardInput() throws {
        let payload = String(repeating: "0123456789abcdef", count: 40_000)  // 640 kB
        let directory = try TemporaryDirectory()
        let result = try proxy.curl(["-T", "-", "-o", directory.file("echo"), "-w", "%{http_code}", "\(originURL)/echo"],
                                    input: Data(payload.utf8))
        XCTAssertEqual(result.output, "200")
        let echoed = try String(contentsOfFile: directory.file("echo"), encoding: .utf8)
        XCTAssertEqual(echoed.count, payload.count)
        XCTAssertTrue(echoed == payload, "the echoed body differs")
    }

    func testKeepAliveAcrossTwoOrigins() throws {
        let other = try TestOrigin(group: proxy.group, name: "origin-b")
        let otherURL = "http://127.0.0.1:\(other.port)"
        let result = try proxy.curl(["\(originURL)/hello", "\(otherURL)/hello", "\(originURL)/hello", "\(originURL)/hello"])
        XCTAssertEqual(result.output, "hello from origin-a\nhello from origin-b\nhello from origin-a\nhello from origin-a\n")
        let records = try proxy.events.waitForExchanges(4)
        XCTAssertEqual(Set(records.map(\.connectionID)).count, 1, "all four requests used one client connection")
    }

    func testOriginClosingAKeptAliveConnectionLosesNoRequest() throws {
        let result = try proxy.curl(["\(originURL)/then-drop-next", "\(originURL)/hello", "\(originURL)/then-drop-next",
                                     "\(originURL)/hello"])
        XCTAssertEqual(result.output, "dropping the next request\nhello from origin-a\ndropping the next request\nhello from origin-a\n")
    }

    func testLargeDownloadStreamsCompletely() throws {
        let directory = try TemporaryDirectory()
        let source = directory.file("source.bin"), copy = directory.file("copy.bin")
        let made = try CapturedProcess.run("sh", ["-c", "head -c 67108864 /dev/urandom > \(source)"])
        XCTAssertEqual(made.status, 0, made.output)
        let fileOrigin = try TestOrigin(group: proxy.group, name: "files", filePath: source)
        let result = try proxy.curl(["-o", copy, "-w", "%{size_download}", "http://127.0.0.1:\(fileOrigin.port)/file"])
        XCTAssertEqual(result.output, "67108864")
        XCTAssertEqual(try CapturedProcess.run("cmp", [source, copy]).status, 0, "downloaded bytes differ")
        XCTAssertEqual(try proxy.events.waitForExchanges(1).first?.responseBodyBytes, 67_108_864)
    }

    func testConnectionRefusedIs502WithTheReason() throws {
        let port = try Self.closedPort()
        let result = try fetch(["http://127.0.0.1:\(port)/"])
        XCTAssertEqual(result.status, "502")
        XCTAssertEqual(result.body, "tlspeek: could not connect to 127.0.0.1:\(port): Connection refused\n")
        let record = try XCTUnwrap(proxy.events.waitForExchanges(1).first)
        XCTAssertEqual(record.status, 502)  // tlspeek's own 502 is what the client got (2bc9b38)
        XCTAssertEqual(record.error, "tlspeek: could not connect to 127.0.0.1:\(port): Connection refused")
    }

    func testUnknownHostIs502() throws {
        let result = try fetch(["http://no-such-host.invalid/"])
        XCTAssertEqual(result.status, "502")
        XCTAssertTrue(result.body.hasPrefix("tlspeek: could not connect to no-such-host.invalid:80: DNS lookup failed"),
                      result.body)
    }

    func testHeadAndBodilessResponsesKeepTheConnectionInSync() throws {
        let result = try proxy.curl(["-I", "\(originURL)/hello", "\(originURL)/hello"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output.components(separatedBy: "HTTP/1.1 200").count, 3, result.output)
        XCTAssertTrue(result.output.lowercased().contains("content-length: 20"), result.output)
        let mixed = try proxy.curl(["\(originURL)/empty", "-w", "%{http_code}\n", "\(originURL)/close-delimited",
                                    "\(originURL)/hello"])
        XCTAssertEqual(mixed.output, "204\nuntil the end\n200\nhello from origin-a\n200\n")
    }

    func testConnectPassthroughShowsTheOriginsOwnCertificate() throws {
        let pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"])
        let site = try TemporaryDirectory()
        try "tls origin page\n".write(toFile: site.file("index.html"), atomically: true, encoding: .utf8)
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-WWW"], directory: site.path)
        let result = try proxy.curl(["--cacert", pki.caCertificatePath, "https://localhost:\(server.port)/index.html"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output, "tls origin page\n")
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.target, ConnectTarget(host: "localhost", port: server.port))
        XCTAssertGreaterThan(tunnel.bytesUp, 0)
        XCTAssertGreaterThan(tunnel.bytesDown, 0)
        XCTAssertEqual(tunnel.reason, "no TLS interceptor configured")
    }

    func testConnectWithPlainHTTPInsideIsRelayedAndRecorded() throws {
        let result = try fetch(["-p", "\(originURL)/hello"])
        XCTAssertEqual(result.body, "hello from origin-a\n")
        let record = try XCTUnwrap(proxy.events.waitForExchanges(1).first)
        XCTAssertEqual(record.url, "http://127.0.0.1:\(origin.port)/hello")
        XCTAssertEqual(record.status, 200)
    }

    func testConnectToAClosedPortClosesTheClientAndReportsIt() throws {
        let port = try Self.closedPort()
        // TLS is tunnelled (no interceptor), so the failure comes after the 200: the client is cut off.
        let result = try proxy.curl(["https://127.0.0.1:\(port)/"])
        XCTAssertNotEqual(result.status, 0)
        let error = try XCTUnwrap(try waitForError())
        XCTAssertEqual(error.message, "could not connect to 127.0.0.1:\(port): Connection refused")
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.error, "could not connect to 127.0.0.1:\(port): Connection refused")
        XCTAssertEqual(tunnel.bytesDown, 0)
    }

    func testRequestToTheProxyItselfIsRefusedAndTheProxyKeepsServing() throws {
        let loop = try fetch(["\(proxy.proxyURL)/"])
        XCTAssertEqual(loop.status, "508")
        XCTAssertTrue(loop.body.contains("that is this proxy itself"), loop.body)
        let connectLoop = try proxy.curl(["-p", "\(proxy.proxyURL)/"])
        XCTAssertNotEqual(connectLoop.status, 0, "CONNECT to the proxy itself must fail")
        XCTAssertEqual(try fetch(["\(originURL)/hello"]).body, "hello from origin-a\n")
    }

    func testOriginFormRequestToTheProxyIs400() throws {
        let result = try CapturedProcess.run("curl", ["-sS", "-w", "\n%{http_code}", "\(proxy.proxyURL)/index.html"])
        XCTAssertTrue(result.output.contains("this is a proxy, not a web server"), result.output)
        XCTAssertTrue(result.output.hasSuffix("\n400"), result.output)
    }

    func testFiftyConcurrentClients() throws {
        let other = try TestOrigin(group: proxy.group, name: "origin-b")
        let clients = try (0..<50).map { index in
            let (name, port) = index.isMultiple(of: 2) ? ("origin-a", origin.port) : ("origin-b", other.port)
            let child = try CapturedProcess("curl", ["-sS", "--max-time", "60", "-x", proxy.proxyURL,
                                                     "http://127.0.0.1:\(port)/hello"])
            return (child, name)
        }
        for (child, name) in clients {
            let result = try child.wait()
            XCTAssertEqual(result.status, 0, result.output)
            XCTAssertEqual(result.output, "hello from \(name)\n")
        }
    }

    // MARK: helpers

    private func waitForError() throws -> ProxyErrorRecord? {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let error = proxy.events.errorRecords.first { return error }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }

    /// A port on 127.0.0.1 that nothing listens on (bound, then closed).
    private static func closedPort() throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let channel = try ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress!.port!
        try channel.close().wait()
        return port
    }
}

/// CONNECT tunnels for bytes that are neither TLS nor HTTP, and the proxy's robustness.
final class TunnelEndToEndTests: XCTestCase {
    func testOtherBytesAreTunnelledWithHalfClosure() throws {
        let proxy = try ProxyHarness()
        let server = try CountingServer(group: proxy.group)
        let payload = Array(repeating: UInt8(0x00), count: 100_000)
        let output = try RawClient.exchange(port: proxy.port, afterConnect: "CONNECT 127.0.0.1:\(server.port) HTTP/1.1\r\n\r\n",
                                            bytes: payload, halfClose: true)
        XCTAssertEqual(output, "HTTP/1.1 200 Connection Established\r\n\r\nreceived 100000 bytes\n")
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.bytesUp, 100_000)
        XCTAssertEqual(tunnel.bytesDown, 22)
        XCTAssertEqual(tunnel.reason, "neither TLS nor HTTP")
        XCTAssertNil(tunnel.error)
    }

    func testLargeTLSDownloadThroughTheTunnel() throws {
        let proxy = try ProxyHarness()
        let pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost"])
        let site = try TemporaryDirectory()
        let made = try CapturedProcess.run("sh", ["-c", "head -c 16777216 /dev/urandom > \(site.file("big.bin"))"])
        XCTAssertEqual(made.status, 0, made.output)
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-WWW"], directory: site.path)
        let copy = site.file("copy.bin")
        let result = try proxy.curl(["--cacert", pki.caCertificatePath, "-o", copy, "https://localhost:\(server.port)/big.bin"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(try CapturedProcess.run("cmp", [site.file("big.bin"), copy]).status, 0, "tunnelled bytes differ")
        XCTAssertGreaterThan(try proxy.events.waitForTunnel().bytesDown, 16_777_216)
    }

    func testMalformedRequestGets400AndOtherClientsAreUnaffected() throws {
        let proxy = try ProxyHarness()
        let origin = try TestOrigin(group: proxy.group, name: "origin-a")
        let garbage = try RawClient.exchange(port: proxy.port, bytes: Array("\u{1}\u{2} nonsense\r\n\r\n".utf8))
        XCTAssertTrue(garbage.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), garbage)
        XCTAssertTrue(garbage.contains("tlspeek: malformed HTTP request"), garbage)
        XCTAssertEqual(proxy.events.errorRecords.first?.stage, "client")
        let result = try proxy.curl(["http://127.0.0.1:\(origin.port)/hello"])
        XCTAssertEqual(result.output, "hello from origin-a\n")
    }
}

/// Listening on IPv6 loopback.
final class IPv6ListenTests: XCTestCase {
    func testListensOnIPv6LoopbackAndReportsTheRealPort() throws {
        let proxy: ProxyHarness
        do {
            proxy = try ProxyHarness { $0.listenHost = "::1" }
        } catch {
            throw XCTSkip("no IPv6 loopback here: \(error)")
        }
        XCTAssertEqual(proxy.server.localAddress.ipAddress, "::1")
        XCTAssertNotEqual(proxy.port, 0)
        let origin = try TestOrigin(group: proxy.group, name: "origin-a")
        let result = try CapturedProcess.run("curl", ["-sS", "-x", "http://[::1]:\(proxy.port)", "http://127.0.0.1:\(origin.port)/hello"])
        XCTAssertEqual(result.output, "hello from origin-a\n")
        let loop = try CapturedProcess.run("curl", ["-sS", "-w", "%{http_code}", "-o", "/dev/null", "-x", "http://[::1]:\(proxy.port)",
                                                 "http://[::1]:\(proxy.port)/"])
        XCTAssertEqual(loop.output, "508")
    }
}
