import COpenSSL
import NIOCore
import TestSupport
import XCTest
@testable import TLS

/// Client-side session resumption against `openssl s_server`: a second connection to the same
/// (host, port, SNI) resumes, and keeps reporting the original (successful) verification.
final class SessionResumptionTests: LoopbackTLSTestCase {

    func testSecondConnectionResumesTLS13WithVerificationOK() throws {
        try assertSecondConnectionResumes(version: "-tls1_3")
    }

    func testSecondConnectionResumesTLS12WithVerificationOK() throws {
        try assertSecondConnectionResumes(version: "-tls1_2")
    }

    func testSessionWhoseVerificationFailedIsNeverResumed() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath, extraArguments: ["-rev"])
        // No anchors: the test CA is not trusted, so verification fails (reported, not fatal).
        let context = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [])))
        let key = TLSSessionKey(host: "127.0.0.1", port: server.port, serverName: "localhost")
        for _ in 0..<2 {
            let summary = try exchangeOneLine(server: server, context: context, key: key)
            XCTAssertFalse(summary.sessionReused)
            guard case .failed = summary.verification else { return XCTFail("expected a failed verification") }
        }
        XCTAssertEqual(context.sessionCache?.count, 0)
    }

    func testDifferentServerNameDoesNotResume() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost", "other.test"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath, extraArguments: ["-rev"])
        let context = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        _ = try exchangeOneLine(server: server, context: context,
                                key: TLSSessionKey(host: "127.0.0.1", port: server.port, serverName: "localhost"))
        let other = try exchangeOneLine(server: server, context: context, serverName: "other.test",
                                        key: TLSSessionKey(host: "127.0.0.1", port: server.port, serverName: "other.test"))
        XCTAssertFalse(other.sessionReused)
        XCTAssertEqual(other.verification, .ok)
    }

    func testCacheEvictsTheLeastRecentlyUsedSession() throws {
        let cache = TLSSessionCache(capacity: 2)
        let keys = (1...3).map { TLSSessionKey(host: "h\($0)", port: 443, serverName: "h\($0)") }
        cache.store(try newSession(), for: keys[0])
        cache.store(try newSession(), for: keys[1])
        XCTAssertNotNil(cache.session(for: keys[0])) // keys[1] is now the least recently used
        cache.store(try newSession(), for: keys[2])
        XCTAssertEqual(cache.count, 2)
        XCTAssertNotNil(cache.session(for: keys[0]))
        XCTAssertNil(cache.session(for: keys[1]))
        XCTAssertNotNil(cache.session(for: keys[2]))
    }

    // MARK: - Helpers

    private func assertSecondConnectionResumes(version: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-rev", version])
        let context = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath])))
        let key = TLSSessionKey(host: "127.0.0.1", port: server.port, serverName: "localhost")
        let first = try exchangeOneLine(server: server, context: context, key: key)
        XCTAssertFalse(first.sessionReused, file: file, line: line)
        let second = try exchangeOneLine(server: server, context: context, key: key)
        XCTAssertTrue(second.sessionReused, file: file, line: line)
        XCTAssertEqual(second.verification, .ok, file: file, line: line)
        XCTAssertEqual(second.peerCertificates.first?.commonName, "localhost", file: file, line: line)
    }

    /// One connection that sends a line and waits for s_server's answer (by then a TLS 1.3 ticket is in).
    private func exchangeOneLine(server: OpenSSLServer, context: TLSContext, serverName: String = "localhost",
                                 key: TLSSessionKey) throws -> TLSSessionSummary {
        let recorder = EventRecorder(eventLoop: group.next())
        let collector = CollectHandler()
        let channel = try connectClient(group: group, port: server.port, context: context, serverName: serverName,
                                        sessionKey: key, recorder: recorder, application: { collector })
        let summary = try recorder.summary()
        try channel.writeAndFlush(channel.allocator.buffer(string: "resume\n")).wait()
        try collector.waitUntilReceived(containing: "emuser")
        try channel.close().wait()
        return summary
    }

    private func newSession() throws -> TLSSessionCache.Session {
        TLSSessionCache.Session(taking: try XCTUnwrap(SSL_SESSION_new()))
    }
}
