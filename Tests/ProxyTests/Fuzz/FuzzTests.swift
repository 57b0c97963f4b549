import Capture
import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import TestSupport
import XCTest
@testable import Proxy

/// Randomised inputs for the parsers that take user or network text. Each test runs for
/// `TLSPEEK_FUZZ_SECONDS` (3 in the normal suite; `scripts/fuzz.sh` runs longer), reproducibly
/// from `TLSPEEK_FUZZ_SEED`. Inputs that once broke something belong in the seed corpora.
final class FuzzTests: XCTestCase {
    private let run = FuzzRun()

    /// No single input may take this long: a parser that backtracks exponentially fails here.
    /// Generous, because two shared cores under load stall a trivial parse for half a second.
    private let slowInput: TimeInterval = 2

    func testHostPatternParser() throws {
        let corpus = ["example.com", "*.example.com", "api?.example.com:443", "[::1]:8443", "10.0.0.*", "*",
                      "a.b.c.example.com.", "[0:0::1]", "host:0", "*bank*", "[::ffff:10.0.0.1]", "x:65536"]
        let hosts = ["example.com", "www.example.com", "::1", "10.0.0.7", String(repeating: "a", count: 200), ""]
        let tried = try run.run(corpus: corpus.map { Array($0.utf8) }, dictionary: ["*", "?", "[", "]", ":", ".", "%25"].map { Array($0.utf8) }) { input in
            let text = String(decoding: input, as: UTF8.self)
            try within(slowInput, text) {
                guard let pattern = try? HostPattern(text) else { return }
                XCTAssertEqual(pattern.description, text)
                XCTAssertFalse(pattern.hostGlob.isEmpty, text)
                for host in hosts + [text] { _ = pattern.matches(host: host, port: 443) }
            }
        }
        print("fuzz HostPattern: \(tried) inputs, seed \(run.seed)")
    }

    func testFilterExpressionParser() throws {
        let corpus = ["host:a.com and (status:5xx or tls:1.2)", "not method:GET", "type:\"text/html; charset=utf-8\"",
                      "host:*.example.com status:5xx", "path:/api/* or not (type:json and tls:1.3)", "status:404",
                      "((host:a))", "host:\"a \\\"b\\\" \\\\ c\"", "NOT Not not status:2xx", "tls:1.0 OR tls:1.1"]
        let tokens = ["and ", " or ", "not ", "(", ")", "\"", "\\", "host:", "status:", ":", " "]
        let tried = try run.run(corpus: corpus.map { Array($0.utf8) }, dictionary: tokens.map { Array($0.utf8) }) { input in
            let text = String(decoding: input, as: UTF8.self)
            try within(slowInput, text) {
                let expression: FilterExpression
                do throws(FilterError) {
                    expression = try FilterExpression(parsing: text)
                } catch {
                    XCTAssertTrue((1...text.count + 1).contains(error.column), "column \(error.column) for \(text.debugDescription)")
                    return
                }
                // What tlspeek prints as "understood" must parse back to the same filter.
                let printed = expression.description
                XCTAssertEqual((try? FilterExpression(parsing: printed))?.description, printed,
                               "\(text.debugDescription) printed as \(printed.debugDescription)")
            }
        }
        print("fuzz FilterExpression: \(tried) inputs, seed \(run.seed)")
    }

    func testFrontPipeline() throws {
        let corpus = FramingEndToEndTests.requestCases.map {
            Array($0.request.replacingOccurrences(of: "{T}", with: "/x").replacingOccurrences(of: "{H}", with: "origin.test").utf8)
        } + [Array("GET /a HTTP/1.1\r\nHost: o\r\n\r\nGET /b HTTP/1.1\r\nHost: o\r\n\r\n".utf8),
             Array("GET /u HTTP/1.1\r\nHost: o\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\nraw".utf8),
             Array("CONNECT o:443 HTTP/1.1\r\nHost: o:443\r\n\r\n".utf8)]
        let tokens = ["\r\n", "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n", "0\r\n\r\n", "Host: o\r\n",
                      "HTTP/1.0", " chunked", "GET / HTTP/1.1\r\n", ";ext", "\r\n\r\n"]
        var splits = SplitMix64(seed: run.seed)
        let tried = try run.run(corpus: corpus, dictionary: tokens.map { Array($0.utf8) }) { input in
            let split = Int.random(in: 0...input.count, using: &splits)
            let text = String(decoding: input, as: UTF8.self).debugDescription
            try within(slowInput, text) {
                let outcome = try FrontPipelineFuzzTarget.run(input, splitAt: split)
                if !outcome.toClient.isEmpty {
                    XCTAssertEqual(Array(outcome.toClient.prefix(9)), Array("HTTP/1.1 ".utf8), text)
                }
                // Whatever the client sent, what reaches an origin is well-framed HTTP/1.1.
                for sent in outcome.toOrigins { try assertWellFramed(sent, input: text) }
            }
        }
        print("fuzz front pipeline: \(tried) inputs, seed \(run.seed)")
    }

    /// Decodes `bytes` as an origin would, through the same validator; nothing may be refused.
    private func assertWellFramed(_ bytes: [UInt8], input: String) throws {
        let events = RecordingEvents()
        let origin = EmbeddedChannel(handlers: [ByteToMessageHandler(HTTPRequestDecoder()),
                                                RequestFramingValidator(events: events, connectionID: 0)])
        XCTAssertNoThrow(try origin.writeInbound(ByteBuffer(bytes: bytes)), "sent upstream for \(input)")
        XCTAssertEqual(events.errorRecords.map(\.message), [], "sent upstream for \(input): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        _ = try? origin.finish()
    }

    private func within(_ limit: TimeInterval, _ input: String, _ body: () throws -> Void) throws {
        let start = Date()
        try body()
        let took = Date().timeIntervalSince(start)
        XCTAssertLessThan(took, limit, "took \(took) s: \(input.debugDescription)")
    }
}
