import Foundation
import NIOCore
import NIOPosix
import TestSupport
import TLSMessages
import XCTest
@testable import TLS

/// Client mode against `openssl s_server`: verification reported as data, SNI rules.
final class ClientModeTests: LoopbackTLSTestCase {

    func testTrustedServerTLS13WithDataAndSNI() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-rev", "-tls1_3"])
        let collector = CollectHandler()
        let (recorder, channel) = try connect(to: server, serverName: "localhost", anchors: [pki.caCertificatePath],
                                              collector: collector)
        let summary = try recorder.summary()
        XCTAssertEqual(summary.verification, .ok)
        XCTAssertEqual(summary.version, "TLSv1.3")
        XCTAssertEqual(summary.serverName, "localhost")
        XCTAssertEqual(summary.peerCertificates.first?.commonName, "localhost")
        XCTAssertEqual(try sentClientHelloServerName(recorder), "localhost")

        // s_server -rev answers each line reversed.
        try channel.writeAndFlush(channel.allocator.buffer(string: "tlspeek\n")).wait()
        try collector.waitUntilReceived(containing: "keepslt")
        try channel.close().wait()
        XCTAssertEqual(recorder.errors, [])
        XCTAssertEqual(recorder.messageLabels.first, "ClientHello/sent")
        XCTAssertTrue(recorder.keyLogLines.contains { $0.hasPrefix("CLIENT_TRAFFIC_SECRET_0 ") })
    }

    func testTLS12WithALPNAndGroup() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-tls1_2", "-alpn", "http/1.1"])
        let (recorder, channel) = try connect(to: server, serverName: "localhost", anchors: [pki.caCertificatePath],
                                              alpn: ["h2", "http/1.1"])
        let summary = try recorder.summary()
        XCTAssertEqual(summary.version, "TLSv1.2")
        XCTAssertEqual(summary.alpn, "http/1.1")
        XCTAssertEqual(summary.group, "x25519")
        XCTAssertEqual(summary.verification, .ok)
        XCTAssertTrue(recorder.keyLogLines.allSatisfy { $0.hasPrefix("CLIENT_RANDOM ") })
        try channel.close().wait()
    }

    func testNoKeyLogLinesWhenTheContextDoesNotReportThem() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        var configuration = TLSConfiguration.client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath]))
        configuration.reportsKeyLog = false
        let recorder = EventRecorder(eventLoop: group.next())
        let channel = try connectClient(group: group, port: server.port, context: try TLSContext(configuration: configuration),
                                        serverName: "localhost", recorder: recorder, application: { CollectHandler() })
        XCTAssertEqual(try recorder.summary().verification, .ok)
        XCTAssertEqual(recorder.keyLogLines, [])
        try channel.close().wait()
    }

    func testPerConnectionALPNOfferReplacesTheContexts() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                       extraArguments: ["-alpn", "http/1.1"])
        let recorder = EventRecorder(eventLoop: group.next())
        let context = try TLSContext(configuration: .client(alpnOffers: ["h2"]))
        let channel = try connectClient(group: group, port: server.port, context: context, serverName: "localhost",
                                        alpnOffers: ["http/1.1"], recorder: recorder, application: { CollectHandler() })
        XCTAssertEqual(try recorder.summary().alpn, "http/1.1")
        let hello = try XCTUnwrap(recorder.messages.first { $0.handshakeType == .clientHello })
        XCTAssertEqual(try parsedClientHello(hello.bytes).alpnProtocols, ["http/1.1"])
        try channel.close().wait()
    }

    func testMaximumVersionIsHonoured() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        let recorder = EventRecorder(eventLoop: group.next())
        let context = try TLSContext(configuration: .client(verification: .verify(extraAnchorFiles: [pki.caCertificatePath]),
                                                            maximumVersion: .tls12))
        let channel = try connectClient(group: group, port: server.port, context: context, serverName: "localhost",
                                        recorder: recorder, application: { CollectHandler() })
        XCTAssertEqual(try recorder.summary().version, "TLSv1.2")
        try channel.close().wait()
    }

    func testIPLiteralSendsNoSNIAndChecksIPSAN() throws {
        let leaf = try pki.issueServerCertificate("ip", names: ["127.0.0.1"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        let (recorder, channel) = try connect(to: server, serverName: "127.0.0.1", anchors: [pki.caCertificatePath])
        XCTAssertEqual(try recorder.summary().verification, .ok)
        XCTAssertNil(try recorder.summary().serverName)
        let hello = try XCTUnwrap(recorder.messages.first { $0.handshakeType == .clientHello })
        XCTAssertFalse(try parsedClientHello(hello.bytes).hasExtension(0), "server_name must be omitted")
        try channel.close().wait()
    }

    func testExpiredCertificateIsReported() throws {
        let leaf = try pki.issueServerCertificate("expired", names: ["localhost"], notBefore: "20200101000000Z",
                                                  notAfter: "20210101000000Z")
        try assertVerification(leaf, serverName: "localhost", anchors: [pki.caCertificatePath],
                               equals: .failed(reason: "certificate has expired"))
    }

    func testWrongHostNameIsReported() throws {
        let leaf = try pki.issueServerCertificate("other", names: ["other.example"])
        try assertVerification(leaf, serverName: "localhost", anchors: [pki.caCertificatePath],
                               equals: .failed(reason: "hostname mismatch"))
    }

    func testUnknownIssuerIsReported() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        try assertVerification(leaf, serverName: "localhost", anchors: [],
                               equals: .failed(reason: "unable to get local issuer certificate"))
    }

    func testInsecureSkipsVerification() throws {
        let leaf = try pki.issueServerCertificate("localhost", names: ["localhost"])
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        let (recorder, channel) = try connect(to: server, serverName: "localhost", verification: .skip)
        XCTAssertEqual(try recorder.summary().verification, .skipped)
        try channel.close().wait()
    }

    // MARK: - Helpers

    private func assertVerification(_ leaf: TestPKI.Leaf, serverName: String, anchors: [String],
                                    equals expected: VerificationResult, file: StaticString = #filePath,
                                    line: UInt = #line) throws {
        let server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        let (recorder, channel) = try connect(to: server, serverName: serverName, anchors: anchors)
        // The handshake completes anyway: the proxy decides what a failed verification means.
        XCTAssertEqual(try recorder.summary().verification, expected, file: file, line: line)
        try channel.close().wait()
    }

    private func connect(to server: OpenSSLServer, serverName: String?, anchors: [String] = [],
                         verification: CertificateVerification? = nil, alpn: [String] = [],
                         collector: CollectHandler = CollectHandler()) throws -> (EventRecorder, Channel) {
        let configuration = TLSConfiguration.client(verification: verification ?? .verify(extraAnchorFiles: anchors),
                                                    alpnOffers: alpn)
        let recorder = EventRecorder(eventLoop: group.next())
        let channel = try connectClient(group: group, port: server.port, context: try TLSContext(configuration: configuration),
                                        serverName: serverName, recorder: recorder, application: { collector })
        _ = try recorder.handshakeOutcome()
        return (recorder, channel)
    }

    private func sentClientHelloServerName(_ recorder: EventRecorder) throws -> String? {
        let hello = try XCTUnwrap(recorder.messages.first { $0.handshakeType == .clientHello && $0.direction == .sent })
        return try parsedClientHello(hello.bytes).serverName
    }
}

/// A ClientHello handshake message decoded by `TLSMessages`.
func parsedClientHello(_ message: [UInt8]) throws -> ClientHello {
    guard case .clientHello(let hello) = try HandshakeMessage.parse(bytes: message, negotiatedVersion: nil) else {
        throw HarnessError("not a ClientHello")
    }
    return hello
}
