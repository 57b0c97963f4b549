import Foundation
import TestSupport
import XCTest

/// `-v` on the console: each leg's handshake walk as the seed describes it, with the arrows of the
/// side that sent each message, and one line comparing the two legs.
final class ConsoleWalkTests: EndToEndTestCase {
    /// The seed's TLS 1.2 ECDHE walk: message and whether the side that sent the ClientHello sent it.
    private static let seedWalk: [(message: String, byClient: Bool)] = [
        ("ClientHello", true), ("ServerHello", false), ("Certificate", false), ("ServerKeyExchange", false),
        ("ServerHelloDone", false), ("ClientKeyExchange", true), ("ChangeCipherSpec", true), ("Finished", true),
        ("ChangeCipherSpec", false), ("Finished", false),
    ]

    func testVerboseShowsBothTLS12WalksAndComparesTheLegs() throws {
        let server = try startFileOrigin(files: ["v.txt": "walk\n"], arguments: ["-tls1_2"])
        let proxy = try startProxy(["-v"])
        let result = try curl(through: proxy).fetch("https://localhost:\(server.port)/v.txt", ["--tls-max", "1.2"])
        XCTAssertEqual(result.status, "200", result.diagnostics)
        let log = try proxy.stopAndReadLog()
        let console = proxy.output.split(separator: "\n").map(String.init)

        // On the client leg tlspeek is the server; on the upstream leg it is the client.
        let legs = [("client", "client → tlspeek", "tlspeek → client"), ("upstream", "tlspeek → server", "server → tlspeek")]
        for (leg, clientSends, serverSends) in legs {
            let expected = Self.seedWalk.map { "\($0.byClient ? clientSends : serverSends) \($0.message)" }
            // A TLS 1.2 server may send a NewSessionTicket before its ChangeCipherSpec; the seed omits it.
            let walk = Self.walk(of: leg, in: console).filter { !$0.hasSuffix(" NewSessionTicket") }
            XCTAssertEqual(walk, expected, "\(leg) leg:\n\(proxy.output)")
        }

        // The comparison repeats each leg's record: version, cipher, group, ALPN, resumption.
        let client = try XCTUnwrap(log.tls(leg: "client").first, log.text)
        let upstream = try XCTUnwrap(log.tls(leg: "upstream").first, log.text)
        let comparison = "#\(client["connection"] as? Int ?? -1) legs: client \(Self.summary(client)) | upstream \(Self.summary(upstream))"
        XCTAssertTrue(console.contains(comparison), "no line \"\(comparison)\" in:\n\(proxy.output)")
        XCTAssertEqual(client["version"] as? String, "TLSv1.2")
        XCTAssertEqual(upstream["version"] as? String, "TLSv1.2")
    }

    /// "arrow Type" for each walk line under the `#N TLS <leg> leg` header, e.g. "client → tlspeek ClientHello".
    private static func walk(of leg: String, in console: [String]) -> [String] {
        guard let header = console.firstIndex(where: { $0.range(of: #"^#\d+ TLS \#(leg) leg "#, options: .regularExpression) != nil })
        else { return [] }
        let step = try! NSRegularExpression(pattern: #"^  \d+\. (\S+ → \S+)  (\w+)  \("#)
        return console[(header + 1)...].prefix { $0.hasPrefix("  ") }.compactMap { line in
            guard let match = step.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
            return "\(line[Range(match.range(at: 1), in: line)!]) \(line[Range(match.range(at: 2), in: line)!])"
        }
    }

    /// One leg in the comparison line, from its JSONL record (an independent reading).
    private static func summary(_ record: FlowLog.Record) -> String {
        let alpn = (record["alpn"] as? String).map { $0 == "http/1.1" ? "h1" : $0 } ?? "no-alpn"
        let fields = ["version", "cipher", "group"].map { record[$0] as? String ?? "-" }
        return (fields + [alpn, record["resumed"] as? Bool == true ? "resumed" : "new"]).joined(separator: " ")
    }
}
