import NIOCore
import XCTest
@testable import Proxy

final class LoopGuardTests: XCTestCase {
    func testEveryLoopbackSpellingOnTheListeningPortIsSelf() throws {
        let loopGuard = LoopGuard(listeningOn: try SocketAddress(ipAddress: "127.0.0.1", port: 8080))
        let loopbacks = ["127.0.0.1", "localhost", "LocalHost.", "app.localhost", "::1", "[::1]", "[0:0::1]", "0.0.0.0",
                         "127.0.0.2", "127.255.255.254", "127.1", "2130706433", "0x7f.0.0.1", "::ffff:127.0.0.1"]
        for host in loopbacks {
            XCTAssertTrue(loopGuard.isSelf(ConnectTarget(host: host, port: 8080)), host)
            XCTAssertFalse(loopGuard.isSelf(ConnectTarget(host: host, port: 8081)), host)
        }
        for host in ["example.com", "128.0.0.1", "10.0.0.1", "::2", "localhost.example", "::ffff:10.0.0.1"] {
            XCTAssertFalse(loopGuard.isSelf(ConnectTarget(host: host, port: 8080)), host)
        }
    }

    func testWildcardBindCoversLocalInterfaces() throws {
        for wildcard in ["0.0.0.0", "::"] {
            let loopGuard = LoopGuard(listeningOn: try SocketAddress(ipAddress: wildcard, port: 3128))
            let addresses = try System.enumerateDevices().compactMap { $0.address?.ipAddress }
            XCTAssertFalse(addresses.isEmpty)
            for address in addresses {
                XCTAssertTrue(loopGuard.isSelf(ConnectTarget(host: address, port: 3128)), address)
            }
        }
    }

    func testSpecificBindDoesNotClaimOtherInterfaces() throws {
        let loopGuard = LoopGuard(listeningOn: try SocketAddress(ipAddress: "127.0.0.1", port: 3128))
        let others = try System.enumerateDevices().compactMap { $0.address?.ipAddress }
            .filter { !LoopGuard.isLoopback(HostPattern.normalise(host: $0)) }
        for address in others {
            XCTAssertFalse(loopGuard.isSelf(ConnectTarget(host: address, port: 3128)), address)
        }
    }
}
