import Capture
import CertificateAuthority
import Foundation
import NIOCore
import TestSupport
import XCTest
@testable import Proxy

/// `--reuse-upstream` with real peers: curl runs through an intercepting proxy to a Python origin
/// that numbers its connections. One event-loop thread, so every client connection meets the same
/// pool (pools are per loop).
final class UpstreamReuseTests: XCTestCase {
    private var pki: TestPKI!
    private var caDirectory: TemporaryDirectory!
    private var caFile: String!
    private var origin: PythonOrigin!
    private var tlsRecords: CollectingSink!

    override func setUpWithError() throws {
        pki = try TestPKI()
        caDirectory = try TemporaryDirectory()
        origin = try PythonOrigin(tls: try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"]))
        tlsRecords = CollectingSink()
    }

    override func tearDown() {
        origin = nil
    }

    private func startProxy(reuseUpstream: Bool, responseTimeout: TimeAmount = .seconds(60)) throws -> ProxyHarness {
        let authority = try CertificateAuthority.loadOrCreate(directory: caDirectory.path).authority
        caFile = authority.files.certificate
        let interception = try TLSInterception(
            leafCache: LeafCache(minter: try LeafMinter(authority: authority)), upstreamAnchors: [pki.caCertificatePath],
            insecure: false, output: InterceptionOutput(recorder: Recorder(sinks: [tlsRecords]), keyLog: nil),
            events: NoProxyEvents())
        return try ProxyHarness(threads: 1) { configuration in
            configuration.interceptor = interception
            configuration.reuseUpstream = reuseUpstream
            configuration.timeouts.responseHead = responseTimeout
        }
    }

    /// One curl run (one client connection); its body, then the status after a newline.
    private func fetch(_ proxy: ProxyHarness, _ url: String) throws -> String {
        let result = try proxy.curl(["--cacert", caFile, "-w", "\n%{http_code}", url])
        XCTAssertEqual(result.status, 0, result.output)
        return result.output
    }

    private func tlsRecordIDs(leg: String, count: Int) throws -> [String] {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let ids = tlsRecords.records.filter { $0.kind == .tls && $0["leg"] == .string(leg) }
                .compactMap { record -> String? in
                    if case .string(let id) = record["id"] { return id }
                    return nil
                }
            if ids.count >= count { return ids }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw RecordsMissing()
    }

    func testSequentialClientConnectionsShareOneUpstreamConnection() throws {
        let proxy = try startProxy(reuseUpstream: true)
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 1\n\n200")
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 1\n\n200")

        let exchanges = try proxy.events.waitForExchanges(2)
        XCTAssertEqual(try tlsRecordIDs(leg: "client", count: 2).count, 2)
        let upstreamIDs = try tlsRecordIDs(leg: "upstream", count: 1)
        XCTAssertEqual(upstreamIDs.count, 1)
        XCTAssertEqual(exchanges.map(\.upstreamTLS?.recordID), [upstreamIDs[0], upstreamIDs[0]])
        XCTAssertNotEqual(exchanges[0].clientTLS?.recordID, exchanges[1].clientTLS?.recordID)
        XCTAssertEqual(exchanges.map(\.status), [200, 200])
    }

    func testWithoutTheFlagEveryClientConnectionHasItsOwnUpstream() throws {
        let proxy = try startProxy(reuseUpstream: false)
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 1\n\n200")
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 2\n\n200")

        let exchanges = try proxy.events.waitForExchanges(2)
        let upstreamIDs = try tlsRecordIDs(leg: "upstream", count: 2)
        XCTAssertEqual(Set(exchanges.compactMap(\.upstreamTLS?.recordID)), Set(upstreamIDs))
        XCTAssertEqual(upstreamIDs.count, 2)
    }

    func testAPooledConnectionTheOriginClosedIsReplacedByAFreshOne() throws {
        let proxy = try startProxy(reuseUpstream: true)
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/close-idle"), "closing when idle\n\n200")
        // The origin closes the pooled connection 0.3 s after its response.
        Thread.sleep(forTimeInterval: 1)
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 2\n\n200")

        try assertSecondExchangeOnAFreshUpstreamWithoutErrors(proxy)
    }

    func testARequestThatMeetsTheCloseOfAPooledConnectionIsSentAgainOnAFreshOne() throws {
        let proxy = try startProxy(reuseUpstream: true)
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/close-next"), "closing at the next request\n\n200")
        // The pooled connection is still open, so the next client takes it; the origin closes it unanswered.
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 2\n\n200")

        try assertSecondExchangeOnAFreshUpstreamWithoutErrors(proxy)
    }

    func testTheResponseTimeoutHoldsOnAPooledConnection() throws {
        let proxy = try startProxy(reuseUpstream: true, responseTimeout: .seconds(1))
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 1\n\n200")
        let timedOut = try fetch(proxy, "https://localhost:\(origin.port)/slow")
        XCTAssertTrue(timedOut.hasSuffix("\n504"), timedOut)
        // The timed-out connection was closed, not pooled again.
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 2\n\n200")

        let exchanges = try proxy.events.waitForExchanges(3)
        XCTAssertEqual(exchanges.map(\.status), [200, 504, 200])
        XCTAssertEqual(exchanges[0].upstreamTLS, exchanges[1].upstreamTLS)
        XCTAssertEqual(proxy.events.errorRecords.count, 1, "\(proxy.events.errorRecords)")
    }

    func testConnectionsToAnotherHostAreNotShared() throws {
        let proxy = try startProxy(reuseUpstream: true)
        // Another CONNECT host and another SNI (none goes out for an IP literal) to the same origin.
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 1\n\n200")
        XCTAssertEqual(try fetch(proxy, "https://127.0.0.1:\(origin.port)/connection"), "connection 2\n\n200")
        // Both are pooled now, each under its own key.
        XCTAssertEqual(try fetch(proxy, "https://127.0.0.1:\(origin.port)/connection"), "connection 2\n\n200")
        XCTAssertEqual(try fetch(proxy, "https://localhost:\(origin.port)/connection"), "connection 1\n\n200")
    }

    func testPlainProxyRequestsShareUpstreamConnectionsToo() throws {
        let plainOrigin = try PythonOrigin(tls: nil)
        let proxy = try startProxy(reuseUpstream: true)
        XCTAssertEqual(try fetch(proxy, "http://127.0.0.1:\(plainOrigin.port)/connection"), "connection 1\n\n200")
        XCTAssertEqual(try fetch(proxy, "http://127.0.0.1:\(plainOrigin.port)/connection"), "connection 1\n\n200")
    }

    /// Two exchanges, each on its own upstream connection (the second replaced the closed one), and no failure recorded.
    private func assertSecondExchangeOnAFreshUpstreamWithoutErrors(_ proxy: ProxyHarness, file: StaticString = #filePath,
                                                                   line: UInt = #line) throws {
        let exchanges = try proxy.events.waitForExchanges(2)
        let upstreamIDs = try tlsRecordIDs(leg: "upstream", count: 2)
        XCTAssertEqual(exchanges.compactMap(\.upstreamTLS?.recordID), upstreamIDs, file: file, line: line)
        XCTAssertEqual(proxy.events.errorRecords.map(\.message), [], file: file, line: line)
    }
}
