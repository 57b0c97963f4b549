import CertificateAuthority
import Foundation
import NIOCore
import XCTest
import Proxy
import TestSupport

/// Protocol switches and non-HTTP streams through a real `ProxyServer`, with a python3 client on a
/// plain socket and an echo origin on 127.0.0.1.
final class UpgradeEndToEndTests: XCTestCase {
    /// What `UpgradeClient` sees after the 101: the origin's greeting, then its echoes, then the end.
    private let echoedConversation = "welcome;early;ping;big echoed;eof"
    private let bytesFromClient = 6 + 5 + UpgradeClient.bigBlockSize
    private let bytesFromOrigin = 8 + 6 + 5 + UpgradeClient.bigBlockSize

    func testUpgradeThroughThePlainProxy() throws {
        try assertUpgradeThroughThePlainProxy(try ProxyHarness())
    }

    /// `--reuse-upstream` never pools a switched connection: it stays joined to its client.
    func testUpgradeThroughThePlainProxyWithUpstreamReuse() throws {
        try assertUpgradeThroughThePlainProxy(try ProxyHarness { $0.reuseUpstream = true })
    }

    private func assertUpgradeThroughThePlainProxy(_ proxy: ProxyHarness) throws {
        let origin = try EchoServer(group: proxy.group, upgradeTo: "echo")
        let authority = "127.0.0.1:\(origin.port)"
        let output = try UpgradeClient.run(proxyPort: proxy.port, request:
            "GET http://\(authority)/chat HTTP/1.1\r\nHost: \(authority)\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
        try assertSwitched(output, expectedPrefix: "")
        let head = try XCTUnwrap(origin.requestHeads.first).lowercased()
        XCTAssertTrue(head.hasPrefix("get /chat http/1.1\r\n"), head)
        XCTAssertTrue(head.contains("connection: upgrade") && head.contains("upgrade: echo"), head)
        try assertRecorded(proxy, url: "http://\(authority)/chat", target: ConnectTarget(host: "127.0.0.1", port: origin.port))
    }

    func testUpgradeInsideAPlaintextConnect() throws {
        let proxy = try ProxyHarness()
        let origin = try EchoServer(group: proxy.group, upgradeTo: "echo")
        let authority = "127.0.0.1:\(origin.port)"
        let output = try UpgradeClient.run(
            proxyPort: proxy.port, afterConnect: "CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n\r\n",
            request: "GET /chat HTTP/1.1\r\nHost: \(authority)\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
        try assertSwitched(output, expectedPrefix: "HTTP/1.1 200 Connection Established\r\n\r\n")
        try assertRecorded(proxy, url: "http://\(authority)/chat", target: ConnectTarget(host: "127.0.0.1", port: origin.port))
    }

    func testUpgradeInsideInterceptedTLS() throws {
        let setup = try InterceptedEchoSetup(opening: .upgrade)
        let (origin, proxy, authority) = (setup.origin, setup.proxy, setup.authority)
        let authorityText = "localhost:\(origin.port)"
        let output = try UpgradeClient.run(
            proxyPort: proxy.port, afterConnect: "CONNECT \(authorityText) HTTP/1.1\r\nHost: \(authorityText)\r\n\r\n",
            trustedCA: authority.files.certificate,
            request: "GET /chat HTTP/1.1\r\nHost: \(authorityText)\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 Connection Established\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n"), output)
        XCTAssertTrue(output.hasSuffix("\r\n\r\nwelcome;early;ping;big echoed;closed"), output)
        let exchange = try XCTUnwrap(proxy.events.waitForExchanges(1).first)
        XCTAssertEqual(exchange.url, "https://\(authorityText)/chat")
        XCTAssertEqual(exchange.status, 101)
        XCTAssertEqual(exchange.upgradedTo, "echo")
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.reason, "upgraded to echo after 101")
        XCTAssertEqual(tunnel.bytesUp, bytesFromClient, "decrypted bytes are counted")
        XCTAssertEqual(tunnel.bytesDown, bytesFromOrigin)
    }

    func testDecryptedBinaryProtocolIsRelayedRawOverTheUpstreamTLSLeg() throws {
        let setup = try InterceptedEchoSetup(opening: .none)
        let (origin, proxy, authority) = (setup.origin, setup.proxy, setup.authority)
        let script = InterceptedEchoSetup.connectThroughProxy + """
            payload = bytes([0, 1, 254, 255]) + bytes(range(256)) * 200
            s.sendall(payload)
            got = b""
            while len(got) < len(payload):
                d = s.recv(65536)
                if not d: break
                got += d
            s.close()
            print("echoed" if got == payload else "differs: %d bytes" % len(got))
            """
        let result = try CapturedProcess.run("python3", ["-c", script, String(proxy.port), String(origin.port),
                                                       authority.files.certificate])
        XCTAssertEqual(result.output, "echoed\n")
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.reason, "decrypted bytes are not HTTP")
        XCTAssertEqual(tunnel.target, ConnectTarget(host: "localhost", port: origin.port))
        XCTAssertEqual(tunnel.bytesUp, 4 + 256 * 200)
        XCTAssertEqual(tunnel.bytesDown, 4 + 256 * 200)
        XCTAssertEqual(proxy.events.exchangeRecords, [])
    }

    func testServerSpeaksFirstInsideInterceptedTLS() throws {
        let setup = try InterceptedEchoSetup(opening: .greeting)
        let (origin, proxy, authority) = (setup.origin, setup.proxy, setup.authority)
        let script = InterceptedEchoSetup.connectThroughProxy + """
            def exact(n):
                got = b""
                while len(got) < n:
                    d = s.recv(n - len(got))
                    if not d: break
                    got += d
                return got.decode()
            greeting = exact(15)
            s.sendall(b"QUIT\\r\\n")
            print(repr(greeting), repr(exact(6)))
            s.close()
            """
        let result = try CapturedProcess.run("python3", ["-c", script, String(proxy.port), String(origin.port),
                                                       authority.files.certificate])
        XCTAssertEqual(result.output, "'220 greetings\\r\\n' 'QUIT\\r\\n'\n")
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.reason, "decrypted bytes are not HTTP")
        XCTAssertEqual(tunnel.bytesUp, 6)
        XCTAssertEqual(tunnel.bytesDown, 15 + 6)
    }

    func testRefusedUpgradeGetsTheOriginsAnswer() throws {
        let proxy = try ProxyHarness()
        let origin = try TestOrigin(group: proxy.group, name: "origin-a")
        let authority = "127.0.0.1:\(origin.port)"
        let output = try RawClient.exchange(port: proxy.port, bytes: Array(
            "GET http://\(authority)/headers HTTP/1.1\r\nHost: \(authority)\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n".utf8))
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 OK\r\n"), output)
        XCTAssertTrue(output.lowercased().contains("connection: close\r\n"), output)
        XCTAssertTrue(output.lowercased().contains("\nupgrade: echo\n"), "the origin saw the upgrade request:\n\(output)")
        let record = try XCTUnwrap(proxy.events.waitForExchanges(1).first)
        XCTAssertEqual(record.status, 200)
        XCTAssertNil(record.upgradedTo)
    }

    /// The relay installer behind a stand-in interceptor: decrypted bytes that are not HTTP go to the
    /// origin byte for byte over the installer's connector.
    func testDecryptedBytesThatAreNotHTTPAreRelayedRaw() throws {
        let log = InterceptionLog()
        let proxy = try ProxyHarness { $0.interceptor = FakeTLSInterceptor(log: log) }
        let origin = try EchoServer(group: proxy.group)
        let payload: [UInt8] = [0x00, 0x01, 0xfe, 0xff] + Array("binary protocol".utf8) + Array(repeating: 0x42, count: 50_000)
        let output = try RawClient.exchange(port: proxy.port, afterConnect: "CONNECT 127.0.0.1:\(origin.port) HTTP/1.1\r\n\r\n",
                                            bytes: [0x16, 0x03] + payload, halfClose: true)
        // RawClient reads the bytes as Latin-1.
        XCTAssertTrue(output == "HTTP/1.1 200 Connection Established\r\n\r\n" + String(bytes: payload, encoding: .isoLatin1)!,
                      "the echo differs: \(output.prefix(200))")
        XCTAssertEqual(log.calls.count, 1)
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.reason, "decrypted bytes are not HTTP")
        XCTAssertEqual(tunnel.bytesUp, payload.count)
        XCTAssertEqual(tunnel.bytesDown, payload.count)
        XCTAssertNil(tunnel.error)
        XCTAssertEqual(proxy.events.exchangeRecords, [])
    }

    // MARK: helpers

    /// A TLS echo origin for `localhost` behind a proxy that intercepts with a fresh CA.
    private struct InterceptedEchoSetup {
        /// Python that CONNECTs through the proxy (argv 1) to localhost:argv 2 and wraps the socket
        /// `s` in TLS trusting the proxy's CA (argv 3).
        static let connectThroughProxy = """
            import socket, ssl, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
            s.sendall(("CONNECT localhost:%s HTTP/1.1\\r\\n\\r\\n" % sys.argv[2]).encode())
            out = b""
            while b"\\r\\n\\r\\n" not in out: out += s.recv(1)
            s = ssl.create_default_context(cafile=sys.argv[3]).wrap_socket(s, server_hostname="localhost")

            """

        let pki: TestPKI
        let caDirectory: TemporaryDirectory
        let origin: TLSEchoOrigin
        let proxy: ProxyHarness
        let authority: CertificateAuthority

        init(opening: TLSEchoOrigin.Opening) throws {
            pki = try TestPKI()
            let leaf = try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"])
            origin = try TLSEchoOrigin(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath, opening: opening)
            caDirectory = try TemporaryDirectory()
            (proxy, authority) = try ProxyHarness.intercepting(caDirectory: caDirectory.path, upstreamCA: pki.caCertificatePath)
        }
    }

    private func assertSwitched(_ output: String, expectedPrefix: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertTrue(output.hasPrefix(expectedPrefix + "HTTP/1.1 101 Switching Protocols\r\n"), output, file: file, line: line)
        XCTAssertTrue(output.lowercased().contains("\r\nupgrade: echo\r\n"), output, file: file, line: line)
        XCTAssertTrue(output.hasSuffix("\r\n\r\n" + echoedConversation), output, file: file, line: line)
    }

    private func assertRecorded(_ proxy: ProxyHarness, url: String, target: ConnectTarget,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let exchange = try XCTUnwrap(proxy.events.waitForExchanges(1).first, file: file, line: line)
        XCTAssertEqual(exchange.url, url, file: file, line: line)
        XCTAssertEqual(exchange.status, 101, file: file, line: line)
        XCTAssertEqual(exchange.upgradedTo, "echo", file: file, line: line)
        let tunnel = try proxy.events.waitForTunnel()
        XCTAssertEqual(tunnel.target, target, file: file, line: line)
        XCTAssertEqual(tunnel.reason, "upgraded to echo after 101", file: file, line: line)
        XCTAssertEqual(tunnel.bytesUp, bytesFromClient, file: file, line: line)
        XCTAssertEqual(tunnel.bytesDown, bytesFromOrigin, file: file, line: line)
        XCTAssertNil(tunnel.error, file: file, line: line)
    }
}
