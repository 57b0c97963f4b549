import Foundation
import NIOCore
import NIOPosix
import TestSupport
import XCTest
@testable import TLS

/// Server mode against `openssl s_client`: handshake, data, message transcript, key log.
final class ServerModeOpenSSLTests: LoopbackTLSTestCase {

    func testTLS12TranscriptDataAndKeyLog() throws {
        let recorder = try runEcho(version: "-tls1_2", extraArguments: ["-no_ticket"])
        let summary = try recorder.summary()
        XCTAssertEqual(summary.version, "TLSv1.2")
        XCTAssertTrue(summary.cipher.hasPrefix("TLS_ECDHE_"), summary.cipher)
        XCTAssertEqual(summary.group, "x25519") // from the server's ephemeral key
        XCTAssertEqual(summary.serverName, "localhost")
        XCTAssertNil(summary.verification)
        XCTAssertEqual(recorder.messageLabels, [
            "ClientHello/received", "ServerHello/sent", "Certificate/sent", "ServerKeyExchange/sent",
            "ServerHelloDone/sent", "ClientKeyExchange/received", "ChangeCipherSpec/received",
            "Finished/received", "ChangeCipherSpec/sent", "Finished/sent",
            "Alert(close_notify)/sent", // the echo server closes
        ])
        XCTAssertTrue(recorder.keyLogLines.allSatisfy { $0.range(of: #"^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$"#, options: .regularExpression) != nil },
                      "\(recorder.keyLogLines)")
        XCTAssertEqual(recorder.keyLogLines.count, 1)
    }

    func testTLS13TranscriptDataAndKeyLog() throws {
        let recorder = try runEcho(version: "-tls1_3")
        let summary = try recorder.summary()
        XCTAssertEqual(summary.version, "TLSv1.3")
        XCTAssertTrue(summary.cipher.hasPrefix("TLS_AES_") || summary.cipher.hasPrefix("TLS_CHACHA20"), summary.cipher)
        XCTAssertEqual(summary.group, "x25519")
        // s_client uses middlebox-compatibility mode, so each side sends a ChangeCipherSpec record;
        // the server sends one session ticket (`TLSContext`: not OpenSSL's default two).
        XCTAssertEqual(recorder.messageLabels, [
            "ClientHello/received", "ServerHello/sent", "ChangeCipherSpec/sent", "EncryptedExtensions/sent",
            "Certificate/sent", "CertificateVerify/sent", "Finished/sent", "ChangeCipherSpec/received",
            "Finished/received", "NewSessionTicket/sent",
            "Alert(close_notify)/sent", // the echo server closes
        ])
        let labels = Set(recorder.keyLogLines.map { String($0.split(separator: " ")[0]) })
        XCTAssertEqual(labels, ["CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                                "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET"])
        XCTAssertTrue(recorder.keyLogLines.allSatisfy { $0.range(of: #"^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]{64,96}$"#, options: .regularExpression) != nil },
                      "\(recorder.keyLogLines)")
    }

    /// Runs s_client against an echo server; checks data round-trip and that both key logs agree.
    private func runEcho(version: String, extraArguments: [String] = []) throws -> EventRecorder {
        let context = try TLSContext(configuration: .server())
        let identity = try loadIdentity(try pki.issueServerCertificate("localhost", names: ["localhost"]))
        let payload = "hello through tlspeek\n"
        let server = try TLSTestServer(group: group, context: context,
                                       identity: { _, loop in loop.makeSucceededFuture(identity) },
                                       application: { EchoHandler(closeAfter: payload.utf8.count) })
        let keyLog = pki.directory.file("s_client\(version).keys")
        let client = try ChildProcess("openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", version,
                                                  "-servername", "localhost", "-CAfile", pki.caCertificatePath,
                                                  "-keylogfile", keyLog, "-quiet", "-verify_return_error"] + extraArguments)
        client.writeToStandardInput(Data(payload.utf8))
        client.closeStandardInput()
        XCTAssertEqual(client.waitForExit(), 0, client.output)
        XCTAssertTrue(client.output.contains(payload), client.output)
        try server.waitForFirstChildToClose()
        // Each side logs a secret when it derives it, so only the order may differ.
        XCTAssertEqual(server.recorder.keyLogLines.sorted(), try keyLogFileLines(keyLog).sorted())
        XCTAssertEqual(server.recorder.errors, [])
        let times = server.recorder.messages.map(\.timestamp)
        XCTAssertEqual(times, times.sorted(), "timestamps follow wire order")
        return server.recorder
    }
}
