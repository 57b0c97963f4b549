import CertificateAuthority
import Foundation
import TestSupport
import TLS
import XCTest

/// A minted identity works in a real TLS handshake between two independent OpenSSL programs.
final class LeafHandshakeTests: XCTestCase {
    func testOpenSSLClientTrustsAServerUsingAMintedLeaf() throws {
        let ca = try TestCA()
        let cache = LeafCache(minter: try LeafMinter(authority: ca.authority))
        let identity = try cache.identity(for: ["localhost", "127.0.0.1"])
        let chainPath = ca.directory.file("chain.pem")
        let keyPath = ca.directory.file("leaf.key.pem")
        try Data(identity.chain.flatMap { try $0.pemBytes() }).write(to: URL(fileURLWithPath: chainPath))
        try Data(try identity.key.pemBytes()).write(to: URL(fileURLWithPath: keyPath))

        let server = try OpenSSLServer(certificatePath: chainPath, keyPath: keyPath)
        for (name, check) in [("localhost", ["-verify_hostname", "localhost"]), ("127.0.0.1", ["-verify_ip", "127.0.0.1"])] {
            let client = try opensslStatus(["s_client", "-connect", "127.0.0.1:\(server.port)", "-CAfile",
                                            ca.files.certificate, "-verify_return_error", "-servername", name] + check)
            XCTAssertTrue(client.output.contains("Verify return code: 0 (ok)"), client.output)
        }
    }
}
