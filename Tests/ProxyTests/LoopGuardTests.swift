import NIOCore
import XCTest
@testable import Proxy

final class LoopGuardTests: XCTestCase {
    func testLoopbackNamesOnTheListeningPort() throws {
        let loopGuard = LoopGuard(listeningOn: try SocketAddress(ipAddress: "127.0.0.1", port: 8080))
        for host in ["127.0.0.1", "localhost", "LocalHost.", "::1", "[::1]", "0.0.0.0"] {
            XCTAssertTrue(loopGuard.isSelf(ConnectTarget(host: host, port: 8080)), host)
        }
        XCTAssertFalse(loopGuard.isSelf(ConnectTarget(host: "127.0.0.1", port: 8081)))
        XCTAssertFalse(loopGuard.isSelf(ConnectTarget(host: "example.com", port: 8080)))
    }

    func testWildcardBindCoversLocalInterfaces() throws {
        let loopGuard = LoopGuard(listeningOn: try SocketAddress(ipAddress: "0.0.0.0", port: 3128))
        let addresses = try System.enumerateDevices().compactMap { $0.address?.ipAddress }
        for address in addresses {
            XCTAssertTrue(loopGuard.isSelf(ConnectTarget(host: address, port: 3128)), address)
        }
    }
}
