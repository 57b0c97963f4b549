import Capture
import CertificateAuthority
import Foundation
import NIOCore
import TestSupport
import XCTest
@testable import Proxy

/// Faults the proxy must survive (issue #6): each case proves what the client and the records see,
/// that no connection leaks, and that a normal request through the same proxy still succeeds.
final class FaultTests: XCTestCase {
    private var pki: TestPKI!
    private var caDirectory: TemporaryDirectory!
    private var leaf: TestPKI.Leaf!
    private var proxy: ProxyHarness!
    private var tlsRecords: CollectingSink!
    private var caFile: String!
    /// A well-behaved TLS origin for the request after each fault.
    private var healthy: FaultOrigin!

    override func setUpWithError() throws {
        pki = try TestPKI()
        leaf = try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"])
        caDirectory = try TemporaryDirectory()
        let authority = try CertificateAuthority.loadOrCreate(directory: caDirectory.path).authority
        caFile = authority.files.certificate
        let sink = CollectingSink()
        tlsRecords = sink
        let upstreamCA = pki.caCertificatePath
        proxy = try ProxyHarness { configuration in
            // The harness's configure closure cannot throw; the CA and trust files were just made.
            configuration.interceptor = try! TLSInterception(
                leafCache: LeafCache(minter: try LeafMinter(authority: authority)), upstreamAnchors: [upstreamCA],
                insecure: false, connectTimeout: .seconds(3),
                output: InterceptionOutput(recorder: Recorder(sinks: [sink]), keyLog: nil), events: configuration.events)
        }
        healthy = try origin(.http)
    }

    override func tearDown() {
        proxy = nil
        healthy = nil
    }

    private func origin(_ behaviour: FaultOrigin.Behaviour, tls: Bool = true) throws -> FaultOrigin {
        try FaultOrigin(behaviour, certificatePath: tls ? leaf.certificatePath : nil, keyPath: tls ? leaf.keyPath : nil)
    }

    /// curl through the proxy; `-w` appends the status code after a newline.
    private func curl(_ url: String) throws -> (status: Int32, output: String) {
        try proxy.curl(["--cacert", caFile, "-w", "\n%{http_code}", url])
    }

    /// The proxy still serves: an intercepted request and a plain one succeed, and every client
    /// connection is closed again.
    private func assertStillServing(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let intercepted = try curl("https://localhost:\(healthy.port)/ok")
        XCTAssertEqual(intercepted.status, 0, "\(name): \(intercepted.output)", file: file, line: line)
        XCTAssertTrue(intercepted.output.hasSuffix("ok\n200"), "\(name): \(intercepted.output)", file: file, line: line)
        let plainOrigin = try origin(.http, tls: false)
        let plain = try curl("http://127.0.0.1:\(plainOrigin.port)/ok")
        XCTAssertTrue(plain.output.hasSuffix("ok\n200"), "\(name): \(plain.output)", file: file, line: line)
        assertEventually("\(name): proxy connections back to 0", file: file, line: line) { self.proxy.server.openConnections == 0 }
    }

    private func assertEventually(_ what: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line,
                                  _ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { return XCTFail(what, file: file, line: line) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    // MARK: upstream resets mid-body

    func testUpstreamResetMidBodyIsAnAbortedResponseAndAnErrorRecord() throws {
        let cases: [(name: String, path: String, tls: Bool)] = [
            ("plain, Content-Length", "/reset-length", false),
            ("plain, chunked", "/reset-chunked", false),
            ("intercepted, Content-Length", "/reset-length", true),
            ("intercepted, chunked", "/reset-chunked", true),
        ]
        for testCase in cases {
            let faulty = try origin(.http, tls: testCase.tls)
            let before = proxy.events.exchangeRecords.count
            let url = testCase.tls ? "https://localhost:\(faulty.port)\(testCase.path)" : "http://127.0.0.1:\(faulty.port)\(testCase.path)"
            let result = try curl(url)
            print("fault '\(testCase.name)': curl exit \(result.status), \(result.output.suffix(120))")
            // 18: partial file (fewer bytes than Content-Length); 56: receive failure (no last chunk).
            XCTAssertTrue([18, 56].contains(result.status), "\(testCase.name): curl exit \(result.status) \(result.output.suffix(200))")
            let record = try XCTUnwrap(try proxy.events.waitForExchanges(before + 1).dropFirst(before).first, testCase.name)
            XCTAssertEqual(record.status, 200, testCase.name)
            XCTAssertNotNil(record.error, "\(testCase.name): \(record)")
            XCTAssertGreaterThanOrEqual(record.responseBodyBytes, 1000, testCase.name)
            XCTAssertLessThan(record.responseBodyBytes, 100_000, testCase.name)
            print("fault '\(testCase.name)': record error \(record.error ?? "nil")")
            try assertStillServing(testCase.name)
        }
    }

    // MARK: the client aborts

    func testClientAbortClosesTheUpstreamWithoutLeaks() throws {
        let cases: [(name: String, behaviour: FaultOrigin.Behaviour, action: FaultClient.Action, upstreamOpened: Bool)] = [
            ("half a ClientHello, then close", .http, .halfClientHello, false),
            ("ClientHello, then close during the upstream handshake", .slowHandshake, .clientHelloThenClose, true),
            ("reset mid-body of an intercepted download", .http, .abortDownload(caFile: caFile), true),
        ]
        for testCase in cases {
            let faulty = try origin(testCase.behaviour)
            let exchangesBefore = proxy.events.exchangeRecords.count
            let output = try FaultClient.run(port: proxy.port, target: "localhost:\(faulty.port)", testCase.action)
            print("fault '\(testCase.name)': \(output)")
            if case .abortDownload = testCase.action {
                XCTAssertTrue(output.contains("GOT 12 "), output)
                let record = try XCTUnwrap(try proxy.events.waitForExchanges(exchangesBefore + 1).last)
                print("fault '\(testCase.name)': record error \(record.error ?? "nil")")
                XCTAssertNotNil(record.error, "\(record)")
            }
            assertEventually("\(testCase.name): proxy connections back to 0") { self.proxy.server.openConnections == 0 }
            // Why eventually: the upstream connect runs on its own; the client may be gone before the origin accepts.
            if testCase.upstreamOpened {
                assertEventually("\(testCase.name): upstream opened") { faulty.acceptedConnections > 0 }
            }
            // The slow origin only learns of the close once its handshake (1 s) gives up on it.
            assertEventually("\(testCase.name): origin connections closed") { faulty.openConnections == 0 }
            XCTAssertEqual(faulty.acceptedConnections > 0, testCase.upstreamOpened, testCase.name)
            try assertStillServing(testCase.name)
        }
    }

    /// Found by scripts/load-test.sh: the upstream of a request with `Connection: close` stayed open.
    func testClientConnectionCloseClosesTheUpstreamToo() throws {
        for tls in [false, true] {
            let origin = try origin(.http, tls: tls)
            let url = tls ? "https://localhost:\(origin.port)/ok" : "http://127.0.0.1:\(origin.port)/ok"
            let result = try proxy.curl(["--cacert", caFile, "-H", "Connection: close", url])
            XCTAssertEqual(result.output, "ok")
            assertEventually("TLS \(tls): proxy connections back to 0") { self.proxy.server.openConnections == 0 }
            assertEventually("TLS \(tls): origin connections closed") { origin.openConnections == 0 }
        }
    }

    // MARK: an upstream that does not speak TLS

    func testUpstreamThatDoesNotSpeakTLSIs502WithAReason() throws {
        let cases: [(behaviour: FaultOrigin.Behaviour, reason: String)] = [
            (.plainHTTP, "the server does not speak TLS on this port"),
            (.garbage, "the server does not speak TLS on this port"),
        ]
        for testCase in cases {
            let faulty = try origin(testCase.behaviour, tls: false)
            let result = try curl("https://localhost:\(faulty.port)/")
            print("fault 'upstream \(testCase.behaviour)': \(result.output)")
            XCTAssertTrue(result.output.hasSuffix("\n502"), result.output)
            XCTAssertTrue(result.output.contains("localhost:\(faulty.port)") && result.output.contains(testCase.reason),
                          result.output)
            XCTAssertTrue(proxy.events.errorRecords.contains { $0.target?.port == faulty.port && $0.stage == "upstream" },
                          "\(proxy.events.errorRecords)")
            try assertStillServing("upstream \(testCase.behaviour)")
        }
    }

    // MARK: odd bytes after CONNECT

    func testBytesAfterConnectThatAreNotAClientHello() throws {
        enum Outcome {
            /// Relayed byte for byte: a tunnel record with this reason.
            case tunnelled(reason: String)
            /// A client-leg `tls` record with an error, nothing reached the origin.
            case failedHandshake
            /// A client-leg `tls` record (OpenSSL may accept or refuse it), and the proxy keeps serving.
            case recordedHandshake
        }
        let garbage = Array("\u{1}\u{2}not TLS, not HTTP\r\n".utf8)
        let cases: [(name: String, action: FaultClient.Action, outcome: Outcome)] = [
            ("non-TLS garbage", .raw(garbage), .tunnelled(reason: "neither TLS nor HTTP")),
            ("truncated ClientHello, then close", .halfClientHello, .failedHandshake),
            ("64 KiB ClientHello over five records", .hugeClientHello, .recordedHandshake),
        ]
        for testCase in cases {
            let echo = try origin(.http)
            let before = tlsRecords.records.count
            let output = try FaultClient.run(port: proxy.port, target: "localhost:\(echo.port)", testCase.action)
            print("fault '\(testCase.name)': \(output)")
            assertEventually("\(testCase.name): proxy connections back to 0") { self.proxy.server.openConnections == 0 }
            switch testCase.outcome {
            case .tunnelled(let reason):
                let tunnel = try proxy.events.waitForTunnel()
                XCTAssertEqual(tunnel.reason, reason)
                XCTAssertEqual(tunnel.bytesUp, garbage.count)
                XCTAssertEqual(tunnel.target.port, echo.port)
            case .failedHandshake, .recordedHandshake:
                let isClientLeg = { (record: Record) in record.kind == .tls && record.json["leg"] == "client" }
                assertEventually("\(testCase.name): a client tls record") {
                    self.tlsRecords.records.dropFirst(before).contains(where: isClientLeg)
                }
                let record = try XCTUnwrap(tlsRecords.records.dropFirst(before).first(where: isClientLeg))
                print("fault '\(testCase.name)': tls record \(record.json)")
                if case .failedHandshake = testCase.outcome {
                    XCTAssertNotNil(record.json["error"], "\(record.json)")
                    XCTAssertEqual(echo.acceptedConnections, 0, testCase.name)
                }
            }
            try assertStillServing(testCase.name)
        }
    }

    // MARK: CONNECT to the proxy itself

    func testConnectToTheProxyItselfIsRefusedOnEveryLocalAlias() throws {
        let aliases = ["127.0.0.1", "localhost", "127.0.0.2", "[::1]", "LOCALHOST.", "127.1"]
        for alias in aliases {
            let result = try RawClient.exchange(
                port: proxy.port, bytes: Array("CONNECT \(alias):\(proxy.port) HTTP/1.1\r\nHost: x\r\n\r\n".utf8), halfClose: true)
            XCTAssertTrue(result.hasPrefix("HTTP/1.1 508 "), "\(alias): \(result)")
            XCTAssertTrue(result.contains("that is this proxy itself"), "\(alias): \(result)")
        }
        let records = try proxy.events.waitForExchanges(aliases.count)
        XCTAssertTrue(records.allSatisfy { $0.status == 508 && $0.error != nil }, "\(records)")
        try assertStillServing("CONNECT to self")
    }

    func testConnectToTheProxyItselfOnAWildcardBindCoversInterfaceAddresses() throws {
        let wildcard = try ProxyHarness { $0.listenHost = "0.0.0.0" }
        let addresses = try System.enumerateDevices().compactMap { $0.address?.ipAddress }
            .map { $0.contains(":") ? "[\($0)]" : $0 }
        XCTAssertFalse(addresses.isEmpty)
        for address in addresses + ["127.0.0.3", "localhost"] {
            let result = try RawClient.exchange(
                port: wildcard.port, bytes: Array("CONNECT \(address):\(wildcard.port) HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
                halfClose: true)
            XCTAssertTrue(result.hasPrefix("HTTP/1.1 508 "), "\(address): \(result)")
        }
    }
}
