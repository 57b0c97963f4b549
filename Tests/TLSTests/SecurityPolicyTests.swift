import Foundation
import TestSupport
import XCTest
@testable import TLS

/// The default policy on the upstream (client) side, against `openssl s_server` restricted to one
/// choice each: only TLS 1.2+ with AEAD, forward-secret suites gets through.
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

    private func handshake(with server: OpenSSLServer) throws -> TLSEvent {
        let recorder = EventRecorder(eventLoop: group.next())
        let context = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        let channel = try connectClient(group: group, port: server.port, context: context, serverName: "localhost",
                                        recorder: recorder, application: { CollectHandler() })
        defer { channel.close(promise: nil) }
        return try recorder.handshakeOutcome()
    }
}
