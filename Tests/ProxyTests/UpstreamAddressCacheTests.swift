import CertificateAuthority
import NIOCore
import NIOPosix
import XCTest
@testable import Proxy
import TestSupport

/// Upstream hosts are dialled at the address they last answered on, for a while, and by name
/// again when that address stops answering.
final class UpstreamAddressCacheTests: XCTestCase {
    private let target = ConnectTarget(host: "origin.test", port: 443)

    func testAnAddressIsReusedUntilItExpiresOrIsForgotten() throws {
        let cache = UpstreamAddressCache(lifetime: .seconds(30))
        let address = try SocketAddress(ipAddress: "192.0.2.7", port: 443)
        let start = NIODeadline.now()
        XCTAssertNil(cache.address(for: target, now: start))
        cache.remember(address, for: target, now: start)
        XCTAssertEqual(cache.address(for: target, now: start + .seconds(29)), address)
        XCTAssertNil(cache.address(for: ConnectTarget(host: "origin.test", port: 8443), now: start), "the port is part of the key")
        XCTAssertNil(cache.address(for: target, now: start + .seconds(31)), "expired")
        cache.remember(address, for: target, now: start)
        cache.forget(target)
        XCTAssertNil(cache.address(for: target, now: start))
    }

    func testCapacityIsKeptAndTheNewestEntryStays() throws {
        let cache = UpstreamAddressCache(capacity: 2)
        let now = NIODeadline.now()
        let hosts = (1...3).map { ConnectTarget(host: "h\($0).test", port: 443) }
        for (index, host) in hosts.enumerated() {
            cache.remember(try SocketAddress(ipAddress: "192.0.2.\(index + 1)", port: 443), for: host, now: now)
        }
        XCTAssertEqual(hosts.filter { cache.address(for: $0, now: now) != nil }.count, 2)
        XCTAssertNotNil(cache.address(for: hosts[2], now: now))
    }

    /// A stale address (nothing listens there any more) costs one refused attempt; the upstream leg
    /// then resolves the name and the request goes through, and the working address is remembered.
    func testAStaleAddressFallsBackToResolvingTheName() throws {
        let origin = try StaticTLSOrigin()
        let certs = try TemporaryDirectory()
        let (proxy, authority) = try ProxyHarness.intercepting(caDirectory: certs.path, upstreamCA: origin.pki.caCertificatePath)
        let target = ConnectTarget(host: "localhost", port: origin.server.port)
        UpstreamAddressCache.shared.remember(try SocketAddress(ipAddress: "127.0.0.1", port: try closedPort()), for: target)
        let result = try proxy.curl(["--cacert", authority.files.certificate, "https://localhost:\(origin.server.port)/index.html"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output, "page\n")
        XCTAssertEqual(UpstreamAddressCache.shared.address(for: target)?.port, origin.server.port)
    }

    /// A port nothing listens on: bound, then released.
    private func closedPort() throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let channel = try ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
        let port = try XCTUnwrap(channel.localAddress?.port)
        try channel.close().wait()
        return port
    }
}
