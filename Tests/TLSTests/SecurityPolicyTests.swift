import Foundation
import TestSupport
import XCTest
@testable import TLS

/// The default policy on the upstream (client) side, against `openssl s_server` restricted to one
/// choice each: only TLS 1.2+ with AEAD, forward-secret suites gets through unless widened.
final class SecurityPolicyTests: LoopbackTLSTestCase {
    func testLegacyServersAreRefused() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let refused: [[String]] = [
            ["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"],
            ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0"],
            ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-SHA384:@SECLEVEL=0"],
        ]
        for options in refused {
            let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                           extraArguments: options)
            guard case .handshakeFailed = try handshake(with: server) else {
                XCTFail("\(options) must be refused")
                continue
            }
        }
    }

    func testAEADForwardSecretTLS12IsAccepted() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"])
        guard case .handshakeCompleted(let summary) = try handshake(with: server) else {
            return XCTFail("the handshake failed")
        }
        XCTAssertEqual(summary.cipher, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")
    }

    func testWidenedConfigurationReachesALegacyServer() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0"])
        var configuration = TLSConfiguration.client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath]))
        configuration.tls12CipherSuites = "ECDHE-ECDSA-AES128-SHA"
        configuration.securityLevel = 0
        guard case .handshakeCompleted(let summary) = try handshake(with: server, configuration: configuration) else {
            return XCTFail("the handshake failed")
        }
        XCTAssertEqual(summary.cipher, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")
    }

    func testUnknownCipherListIsAnError() {
        var configuration = TLSConfiguration.server()
        configuration.tls12CipherSuites = "NO-SUCH-SUITE"
        XCTAssertThrowsError(try TLSContext(configuration: configuration))
    }

    private func handshake(with server: OpenSSLServer, configuration: TLSConfiguration? = nil) throws -> TLSEvent {
        let recorder = EventRecorder(eventLoop: group.next())
        let context = try TLSContext(configuration: configuration
            ?? .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        let channel = try connectClient(group: group, port: server.port, context: context, serverName: "localhost",
                                        recorder: recorder, application: { CollectHandler() })
        defer { channel.close(promise: nil) }
        return try recorder.handshakeOutcome()
    }
}
