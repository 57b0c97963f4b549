import Foundation
import TestSupport
import XCTest

/// Each leg negotiates its own TLS version: a TLS 1.3 client and a TLS 1.2-only or 1.3-only origin
/// both work, and each leg's record shows its own version and handshake walk.
final class TLSVersionTests: EndToEndTestCase {
    /// The full TLS 1.2 ECDHE walk as seen by the side that sent the ClientHello.
    private static let tls12ClientWalk = [
        "ClientHello sent", "ServerHello received", "Certificate received", "ServerKeyExchange received",
        "ServerHelloDone received", "ClientKeyExchange sent", "ChangeCipherSpec sent", "Finished sent",
        "ChangeCipherSpec received", "Finished received",
    ]

    func testTLS12OnlyOrigin() throws {
        let log = try interceptedLog(originArguments: ["-tls1_2"], curlArguments: ["--tlsv1.3"])
        XCTAssertEqual(log.tls(leg: "client").first?["version"] as? String, "TLSv1.3", log.text)
        let upstream = try XCTUnwrap(log.tls(leg: "upstream").first, log.text)
        XCTAssertEqual(upstream["version"] as? String, "TLSv1.2", log.text)
        XCTAssertEqual(Self.withoutSessionTickets(FlowLog.transcript(upstream)), Self.tls12ClientWalk)
    }

    func testTLS13OnlyOrigin() throws {
        let log = try interceptedLog(originArguments: ["-tls1_3"], curlArguments: ["--tlsv1.3"])
        XCTAssertEqual(log.tls(leg: "client").first?["version"] as? String, "TLSv1.3", log.text)
        XCTAssertEqual(log.tls(leg: "upstream").first?["version"] as? String, "TLSv1.3", log.text)
    }

    func testTLS12Client() throws {
        let log = try interceptedLog(originArguments: [], curlArguments: ["--tls-max", "1.2"])
        let client = try XCTUnwrap(log.tls(leg: "client").first, log.text)
        XCTAssertEqual(client["version"] as? String, "TLSv1.2", log.text)
        // On the client leg tlspeek is the server, so every direction flips.
        let serverWalk = Self.tls12ClientWalk.map { step in
            step.hasSuffix(" sent") ? step.replacingOccurrences(of: " sent", with: " received")
                                    : step.replacingOccurrences(of: " received", with: " sent")
        }
        XCTAssertEqual(Self.withoutSessionTickets(FlowLog.transcript(client)), serverWalk)
    }

    /// One intercepted GET to an `s_server -WWW` origin started with `originArguments`; returns the log.
    private func interceptedLog(originArguments: [String], curlArguments: [String]) throws -> FlowLog {
        let server = try startFileOrigin(files: ["v.txt": "version test\n"], arguments: originArguments)
        let proxy = try startProxy()
        let result = try curl(through: proxy).fetch("https://localhost:\(server.port)/v.txt", curlArguments)
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.status, "200")
        XCTAssertEqual(result.text, "version test\n")
        return try proxy.stopAndReadLog()
    }

    /// A TLS 1.2 server may issue a session ticket before its ChangeCipherSpec; it is optional.
    private static func withoutSessionTickets(_ transcript: [String]) -> [String] {
        transcript.filter { !$0.hasPrefix("NewSessionTicket") }
    }
}
