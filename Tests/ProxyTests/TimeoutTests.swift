import Foundation
import NIOCore
import NIOPosix
import XCTest
@testable import Proxy
import TestSupport
import CertificateAuthority
import Capture

/// Request head, idle and response timeouts with 1 s values. Assertions only say that something
/// eventually happens within a generous bound, never how soon.
final class TimeoutTests: XCTestCase {
    private static func harness(requestHead: Int64 = 30, idle: Int64 = 30, response: Int64 = 30,
                                interceptor: (any TLSInterceptor)? = nil) throws -> ProxyHarness {
        try ProxyHarness {
            $0.timeouts = ProxyTimeouts(requestHead: .seconds(requestHead), idle: .seconds(idle),
                                        responseHead: .seconds(response))
            $0.interceptor = interceptor
        }
    }

    func testSlowlorisGets408AndIsClosedWhileOtherClientsAreServed() throws {
        let proxy = try Self.harness(requestHead: 1)
        let origin = try TestOrigin(group: proxy.group, name: "origin")
        let slow = try SlowClient.start(.trickleHead, port: proxy.port)
        for _ in 0..<3 {
            let result = try proxy.curl(["http://127.0.0.1:\(origin.port)/hello"])
            XCTAssertEqual(result.output, "hello from origin\n", "others are served meanwhile")
        }
        // The byte trickled while the 408 was on its way is read (lingering close), so the close is no
        // reset that could overtake the answer: the client always reads the whole 408, then the end.
        let output = try slow.wait().output
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), output)
        XCTAssertTrue(output.contains("no complete request head within 1 s"), output)
        XCTAssertTrue(output.hasSuffix("CLOSED\n"), "the proxy closed the connection cleanly: \(output)")
        XCTAssertTrue(proxy.events.errorRecords.contains { $0.message.contains("request head timeout") })
    }

    func testOriginThatNeverAnswersIs504() throws {
        let proxy = try Self.harness(response: 1)
        let silent = try SilentServer(group: proxy.group)
        let result = try proxy.curl(["-w", "\n%{http_code}", "http://127.0.0.1:\(silent.port)/"])
        XCTAssertTrue(result.output.hasSuffix("\n504"), result.output)
        XCTAssertTrue(result.output.contains("sent no response within 1 s"), result.output)
        let record = try proxy.events.waitForExchanges(1).first
        XCTAssertEqual(record?.status, 504)
        XCTAssertEqual(record?.error, "tlspeek: 127.0.0.1:\(silent.port) sent no response within 1 s (response timeout)")
        XCTAssertTrue(proxy.events.errorRecords.contains { $0.stage == "upstream" && $0.message.contains("response timeout") })
    }

    /// The 504 to a `HEAD` has the length of its text but no body, and closes the connection.
    func testOriginThatNeverAnswersAHeadRequestIs504WithoutABody() throws {
        let proxy = try Self.harness(response: 1)
        let silent = try SilentServer(group: proxy.group)
        let request = "HEAD http://127.0.0.1:\(silent.port)/ HTTP/1.1\r\nHost: 127.0.0.1:\(silent.port)\r\n\r\n"
        let output = try RawClient.exchange(port: proxy.port, bytes: Array(request.utf8))
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 504 Gateway Timeout\r\n"), output)
        XCTAssertTrue(output.lowercased().contains("connection: close\r\n"), output)
        XCTAssertTrue(output.hasSuffix("\r\n\r\n"), "no body after the head: \(output)")
        XCTAssertEqual(try proxy.events.waitForExchanges(1).first?.status, 504)
    }

    /// A request that timed out on a kept-alive upstream is answered 504, not sent again on a new
    /// connection (which is only safe when the server closed the idle connection).
    func testATimedOutRequestOnAReusedUpstreamIsNotRetried() throws {
        let proxy = try Self.harness(response: 1)
        // Each connection: the first request gets a 200, the second nothing at all.
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ""])
        let url = "http://127.0.0.1:\(origin.port)"
        let requests = "GET \(url)/a HTTP/1.1\r\nHost: x\r\n\r\nGET \(url)/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let output = try RawClient.exchange(port: proxy.port, bytes: Array(requests.utf8))
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 OK\r\n"), output)
        XCTAssertTrue(output.contains("okHTTP/1.1 504 Gateway Timeout\r\n"), output)
        XCTAssertEqual(try origin.logLines().filter { $0.hasPrefix("REQUEST ") }, ["REQUEST GET /a HTTP/1.1", "REQUEST GET /b HTTP/1.1"])
    }

    /// Inside interception: the origin completes the TLS handshake (`openssl s_server` without
    /// `-WWW` answers nothing) and then stays silent.
    func testInterceptedOriginThatNeverAnswersIs504() throws {
        let pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        let certs = try TemporaryDirectory()
        let (authority, _) = try CertificateAuthority.loadOrCreate(directory: certs.path)
        let interception = try TLSInterception(
            leafCache: LeafCache(minter: LeafMinter(authority: authority)), upstreamAnchors: [pki.caCertificatePath],
            insecure: false, output: InterceptionOutput(recorder: nil, keyLog: nil), events: NoProxyEvents())
        let proxy = try Self.harness(response: 1, interceptor: interception)
        let result = try proxy.curl(["--cacert", authority.files.certificate, "-w", "\n%{http_code}",
                                     "https://localhost:\(server.port)/"])
        XCTAssertTrue(result.output.hasSuffix("\n504"), result.output)
    }

    func testIdleTunnelIsClosed() throws {
        let proxy = try Self.harness(idle: 1)
        let silent = try SilentServer(group: proxy.group)
        let output = try SlowClient.start(.idleTunnel(connectTo: silent.port), port: proxy.port).wait().output
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200"), output)
        XCTAssertTrue(output.hasSuffix("CLOSED\n"), output)
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.error, "closed after 1 s without traffic (idle timeout)")
    }

    func testIdleKeptAliveConnectionIsClosedWithoutAnAnswer() throws {
        let proxy = try Self.harness(idle: 1)
        let origin = try TestOrigin(group: proxy.group, name: "origin")
        let output = try SlowClient.start(.idleAfterRequest(origin: origin.port), port: proxy.port).wait().output
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 OK\r\n"), output)
        XCTAssertTrue(output.hasSuffix("hello from origin\nCLOSED\n"), "closed, and nothing after the response: \(output)")
    }
}

/// A TCP server that accepts, reads and never answers.
private final class SilentServer {
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    init(group: any EventLoopGroup) throws {
        channel = try ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
    }

    deinit { try? channel.close().wait() }
}

/// A Python socket client with timing: prints what it received, then `CLOSED` once the proxy
/// closes the connection (or `STILL OPEN` after 20 s).
private enum SlowClient {
    enum Mode {
        /// Sends a request head one byte every 200 ms and never finishes it; sends a few more bytes when
        /// the answer starts to arrive.
        case trickleHead
        /// CONNECTs to the port, sends a few bytes that are neither TLS nor HTTP, then stays silent.
        case idleTunnel(connectTo: Int)
        /// Fetches /hello from the origin on a kept-alive connection, then stays silent.
        case idleAfterRequest(origin: Int)

        var arguments: [String] {
            switch self {
            case .trickleHead: return ["trickle", "0"]
            case .idleTunnel(let port): return ["tunnel", String(port)]
            case .idleAfterRequest(let port): return ["keepalive", String(port)]
            }
        }
    }

    private static let script = """
        import select, socket, sys, time
        mode, target = sys.argv[2], sys.argv[3]
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
        out = b""
        def receive_until(done):
            global out
            while not done(out):
                d = s.recv(65536)
                if not d: break
                out += d
        if mode == "trickle":
            head = b"GET http://127.0.0.1:9/ HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nX-Slow: " + b"a" * 1000
            deadline = time.time() + 20
            for byte in head:
                if time.time() > deadline or select.select([s], [], [], 0.2)[0]: break
                try: s.send(bytes([byte]))
                except OSError: break
            # Still trickling as the 408 arrives: these bytes reach the proxy after its answer.
            try: s.send(b"a" * 100)
            except OSError: pass
        elif mode == "tunnel":
            s.sendall(b"CONNECT 127.0.0.1:%s HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n" % target.encode())
            receive_until(lambda o: b"\\r\\n\\r\\n" in o)
            s.sendall(b"\\x00not tls, not http\\n")
        else:
            s.sendall(b"GET http://127.0.0.1:%s/hello HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n" % target.encode())
            receive_until(lambda o: o.endswith(b"hello from origin\\n"))
        try:
            receive_until(lambda o: False)
            sys.stdout.write(out.decode("latin1") + "CLOSED\\n")
        except ConnectionResetError:
            sys.stdout.write(out.decode("latin1") + "RESET\\n")
        except socket.timeout:
            sys.stdout.write(out.decode("latin1") + "STILL OPEN\\n")
        """

    static func start(_ mode: Mode, port: Int) throws -> CapturedProcess {
        try CapturedProcess("python3", ["-c", script, String(port)] + mode.arguments)
    }
}
