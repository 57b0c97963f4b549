import CertificateAuthority
import Foundation
import NIOHTTP1
import TestSupport
import XCTest
@testable import Proxy

/// Every framing case of RFC 9112 sent byte for byte, on the plain proxy port and inside an
/// intercepted TLS connection, to a raw origin that counts the request lines reaching it: a refused
/// request reaches it zero times, an accepted one once, a smuggled one never.
final class FramingEndToEndTests: XCTestCase {
    /// What the client must see for one case.
    enum Outcome {
        /// The origin's answer (`200`), one request at the origin.
        case forwarded
        /// The proxy's own status naming the rule, nothing at the origin, an error record.
        case refused(HTTPResponseStatus, FramingViolation)
        /// A `400` naming the rule, found in the body: the head alone may have reached the origin
        /// (over an upstream that was already connected), the rest of the bytes never.
        case refusedInBody(FramingViolation)
    }

    /// A request with `{T}` for the target of `/x` and `{H}` for the origin's authority.
    struct RequestCase {
        let name: String
        let request: String
        let outcome: Outcome
    }

    /// What the client must see for a response.
    enum ResponseOutcome {
        /// The origin's `200` and body.
        case relayed
        /// tlspeek's `502` naming the rule, and an error record.
        case badGateway(FramingViolation)
        /// Found in the body, after the head was accepted: the client connection is cut, and an error record.
        case cut(FramingViolation)
    }

    /// A response the origin sends to a well-formed request.
    struct ResponseCase {
        let name: String
        let response: String
        let outcome: ResponseOutcome
    }

    private static let smuggled = "GET /smuggled HTTP/1.1\r\nHost: {H}\r\n\r\n"
    private static let post = "POST {T} HTTP/1.1\r\nHost: {H}\r\nConnection: close\r\n"
    private static let chunked = post + "Transfer-Encoding: chunked\r\n"

    static let requestCases: [RequestCase] = [
        RequestCase(name: "plain GET", request: "GET {T} HTTP/1.1\r\nHost: {H}\r\nConnection: close\r\n\r\n",
                    outcome: .forwarded),
        RequestCase(name: "chunked POST", request: chunked + "\r\n5\r\nhello\r\n0\r\n\r\n", outcome: .forwarded),
        RequestCase(name: "chunk extension", request: chunked + "\r\n5;name=value\r\nhello\r\n0\r\n\r\n", outcome: .forwarded),
        RequestCase(name: "Content-Length POST", request: post + "Content-Length: 5\r\n\r\nhello", outcome: .forwarded),
        RequestCase(name: "HTTP/1.0 without Host",
                    request: "GET {T} HTTP/1.0\r\n\r\n", outcome: .forwarded),
        RequestCase(name: "CL then TE",
                    request: post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled,
                    outcome: .refused(.badRequest, .rejectedByDecoder(.unknown))),
        RequestCase(name: "TE then CL",
                    request: chunked + "Content-Length: 40\r\n\r\n0\r\n\r\n" + smuggled,
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidContentLength))),
        RequestCase(name: "CL with TE gzip", request: post + "Content-Length: 5\r\nTransfer-Encoding: gzip\r\n\r\nhello",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.unknown))),
        RequestCase(name: "empty CL", request: post + "Content-Length: \r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidContentLength))),
        RequestCase(name: "duplicate equal CL", request: post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.unexpectedContentLength))),
        RequestCase(name: "duplicate differing CL", request: post + "Content-Length: 5\r\nContent-Length: 45\r\n\r\nhello" + smuggled,
                    outcome: .refused(.badRequest, .rejectedByDecoder(.unexpectedContentLength))),
        RequestCase(name: "CL list", request: post + "Content-Length: 1, 2\r\n\r\nab",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidContentLength))),
        RequestCase(name: "negative CL", request: post + "Content-Length: -1\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidContentLength))),
        RequestCase(name: "CL with sign", request: post + "Content-Length: +5\r\n\r\nhello",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidContentLength))),
        RequestCase(name: "CL not digits", request: post + "Content-Length: 0x10\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidContentLength))),
        RequestCase(name: "TE in HTTP/1.0",
                    request: "POST {T} HTTP/1.0\r\nHost: {H}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled,
                    outcome: .refused(.badRequest, .transferEncodingInHTTP10)),
        RequestCase(name: "chunked not final", request: post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.unknown))),
        RequestCase(name: "gzip alone", request: post + "Transfer-Encoding: gzip\r\n\r\n" + smuggled,
                    outcome: .refused(.badRequest, .chunkedNotFinal("gzip"))),
        RequestCase(name: "chunked then gzip line", request: chunked + "Transfer-Encoding: gzip\r\n\r\n0\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.unknown))),
        RequestCase(name: "chunked twice", request: post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.unknown))),
        RequestCase(name: "gzip then chunked", request: post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                    outcome: .refused(.notImplemented, .unsupportedTransferCoding("gzip, chunked"))),
        RequestCase(name: "bad chunk size", request: chunked + "\r\nzz\r\nhello\r\n0\r\n\r\n" + smuggled,
                    outcome: .refusedInBody(.rejectedByDecoder(.invalidChunkSize))),
        RequestCase(name: "chunk size overflow", request: chunked + "\r\nfffffffffffffffff1\r\nhello\r\n0\r\n\r\n",
                    outcome: .refusedInBody(.rejectedByDecoder(.invalidChunkSize))),
        RequestCase(name: "chunk size 0x", request: chunked + "\r\n0x5\r\nhello\r\n0\r\n\r\n",
                    outcome: .refusedInBody(.rejectedByDecoder(.invalidChunkSize))),
        RequestCase(name: "bad chunk extension", request: chunked + "\r\n5;\u{1}\r\nhello\r\n0\r\n\r\n",
                    outcome: .refusedInBody(.rejectedByDecoder(.strictModeAssertion))),
        RequestCase(name: "obs-fold", request: post + "X-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidHeaderToken))),
        RequestCase(name: "space before colon", request: post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidHeaderToken))),
        RequestCase(name: "CR in value", request: post + "X-A: a\rb\r\nContent-Length: 0\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.lfExpected))),
        RequestCase(name: "bare LF", request: post + "X-A: a\nContent-Length: 0\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.unknown))),
        RequestCase(name: "NUL in value", request: post + "X-A: a\u{0}b\r\nContent-Length: 0\r\n\r\n",
                    outcome: .refused(.badRequest, .rejectedByDecoder(.invalidHeaderToken))),
        RequestCase(name: "missing Host", request: "GET {T} HTTP/1.1\r\nConnection: close\r\n\r\n",
                    outcome: .refused(.badRequest, .missingHost)),
        RequestCase(name: "duplicate Host", request: "GET {T} HTTP/1.1\r\nHost: {H}\r\nHost: evil.example\r\n\r\n",
                    outcome: .refused(.badRequest, .repeatedHost)),
        RequestCase(name: "Host list", request: "GET {T} HTTP/1.1\r\nHost: {H}, evil.example\r\n\r\n",
                    outcome: .refused(.badRequest, .invalidHost("{H}, evil.example"))),
        RequestCase(name: "long target", request: "GET {T}?\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: {H}\r\n\r\n",
                    outcome: .refused(.uriTooLong, .requestTargetTooLong(0))),
        RequestCase(name: "large header section",
                    request: "GET {T} HTTP/1.1\r\nHost: {H}\r\n" + String(repeating: "X-Big: \(String(repeating: "b", count: 7000))\r\n", count: 10) + "\r\n",
                    outcome: .refused(.requestHeaderFieldsTooLarge, .headerSectionTooLarge(0))),
        RequestCase(name: "header section over NIO's limit",
                    request: "GET {T} HTTP/1.1\r\nHost: {H}\r\n" + String(repeating: "X-Big: \(String(repeating: "b", count: 9000))\r\n", count: 10) + "\r\n",
                    outcome: .refused(.requestHeaderFieldsTooLarge, .rejectedByDecoder(.headerOverflow))),
        RequestCase(name: "101 header fields",
                    request: "GET {T} HTTP/1.1\r\nHost: {H}\r\n" + (1...100).map { "X-F\($0): v\r\n" }.joined() + "\r\n",
                    outcome: .refused(.requestHeaderFieldsTooLarge, .tooManyHeaderFields(101))),
    ]

    static let responseCases: [ResponseCase] = [
        ResponseCase(name: "well-formed", response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", outcome: .relayed),
        ResponseCase(name: "CL and TE", response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                     outcome: .badGateway(.rejectedByDecoder(.unknown))),
        ResponseCase(name: "CL and TE gzip", response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: gzip\r\n\r\nok",
                     outcome: .badGateway(.rejectedByDecoder(.unknown))),
        ResponseCase(name: "chunked twice", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
                     outcome: .badGateway(.chunkedRepeated("chunked, chunked"))),
        ResponseCase(name: "gzip then chunked", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                     outcome: .badGateway(.unsupportedTransferCoding("gzip, chunked"))),
        ResponseCase(name: "empty CL", response: "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\nok",
                     outcome: .badGateway(.rejectedByDecoder(.invalidContentLength))),
        ResponseCase(name: "differing CL", response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
                     outcome: .badGateway(.rejectedByDecoder(.unexpectedContentLength))),
        ResponseCase(name: "CL list", response: "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nok",
                     outcome: .badGateway(.rejectedByDecoder(.invalidContentLength))),
        ResponseCase(name: "negative CL", response: "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nok",
                     outcome: .badGateway(.rejectedByDecoder(.invalidContentLength))),
        ResponseCase(name: "TE in HTTP/1.0", response: "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                     outcome: .badGateway(.transferEncodingInHTTP10)),
        ResponseCase(name: "gzip alone", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok",
                     outcome: .badGateway(.chunkedNotFinal("gzip"))),
        ResponseCase(name: "chunked not final", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nok",
                     outcome: .badGateway(.chunkedNotFinal("chunked, gzip"))),
        ResponseCase(name: "bad chunk size", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n",
                     outcome: .cut(.rejectedByDecoder(.invalidChunkSize))),
        ResponseCase(name: "obs-fold", response: "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok",
                     outcome: .badGateway(.rejectedByDecoder(.invalidHeaderToken))),
        ResponseCase(name: "space before colon", response: "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",
                     outcome: .badGateway(.rejectedByDecoder(.invalidHeaderToken))),
    ]

    /// Where a case is replayed.
    private struct Leg {
        let proxy: ProxyHarness
        /// The CONNECT and CA for the intercepted leg; nil on the plain proxy port.
        let connect: (request: String, trustedCA: String)?
        let target: String
        let authority: String

        func send(_ template: String, moreBytes: Int = 0) throws -> String {
            let bytes = template.replacingOccurrences(of: "{T}", with: target).replacingOccurrences(of: "{H}", with: authority)
            let output = try RawClient.exchange(port: proxy.port, afterConnect: connect?.request,
                                                trustedCA: connect?.trustedCA, bytes: Array(bytes.utf8), moreBytes: moreBytes)
            // RawClient reads bytes as Latin-1; the proxy's messages are UTF-8 (§).
            let text = String(decoding: output.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }, as: UTF8.self)
            let established = "HTTP/1.1 200 Connection Established\r\n\r\n"
            return connect == nil ? text : String(text.dropFirst(established.count))
        }
    }

    private func plainLeg(origin: RawOrigin) throws -> Leg {
        let authority = "127.0.0.1:\(origin.port)"
        return Leg(proxy: try ProxyHarness(), connect: nil, target: "http://\(authority)/x", authority: authority)
    }

    private func interceptedLeg(origin: RawOrigin, pki: TestPKI, caDirectory: TemporaryDirectory) throws -> Leg {
        let (proxy, authority) = try ProxyHarness.intercepting(caDirectory: caDirectory.path, upstreamCA: pki.caCertificatePath)
        let host = "localhost:\(origin.port)"
        return Leg(proxy: proxy, connect: ("CONNECT \(host) HTTP/1.1\r\nHost: \(host)\r\n\r\n", authority.files.certificate),
                   target: "/x", authority: host)
    }

    // MARK: requests

    func testRequestFramingOnThePlainProxyPort() throws {
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])
        try replayRequests(on: try plainLeg(origin: origin), origin: origin)
    }

    func testRequestFramingInsideInterceptedTLS() throws {
        let pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"])
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
                                   certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        let caDirectory = try TemporaryDirectory()
        try replayRequests(on: try interceptedLeg(origin: origin, pki: pki, caDirectory: caDirectory), origin: origin)
    }

    private func replayRequests(on leg: Leg, origin: RawOrigin) throws {
        var requestsSeen = 0
        for testCase in Self.requestCases {
            let errorsBefore = leg.proxy.events.errorRecords.count
            let output = try leg.send(testCase.request)
            let lines = try origin.logLines()
            let reached = lines.count { $0.hasPrefix("REQUEST ") } - requestsSeen
            requestsSeen += reached
            let errors = Array(leg.proxy.events.errorRecords.dropFirst(errorsBefore))
            let context = "\(testCase.name): \(output.prefix(300))\nrecorded: \(errors.map(\.message))"
            print("framing request '\(testCase.name)' \(leg.connect == nil ? "plain" : "TLS"): \(output.prefix(12)) origin saw \(reached), recorded \(errors.map(\.message))")
            XCTAssertFalse(lines.contains { $0.contains("/smuggled") }, context)
            switch testCase.outcome {
            case .forwarded:
                XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 "), context)
                XCTAssertEqual(reached, 1, context)
                XCTAssertEqual(errors, [], context)
            case .refused(let status, let violation):
                XCTAssertEqual(reached, 0, context)
                assertRefused(output, errors: errors, status: status, violation: violation, leg: leg, context: context)
            case .refusedInBody(let violation):
                XCTAssertLessThanOrEqual(reached, 1, context)
                assertRefused(output, errors: errors, status: .badRequest, violation: violation, leg: leg, context: context)
            }
        }
    }

    private func assertRefused(_ output: String, errors: [ProxyErrorRecord], status: HTTPResponseStatus,
                               violation: FramingViolation, leg: Leg, context: String) {
        let rule = ruleText(violation, leg: leg)
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 \(status.code) "), context)
        XCTAssertTrue(output.contains("tlspeek: malformed HTTP request: \(rule)"), context)
        XCTAssertEqual(errors.map(\.stage), ["client-http"], context)
        XCTAssertTrue(errors.first?.message.hasPrefix(rule) ?? false, context)
    }

    /// The rule's text up to the first number that depends on the exact bytes (sizes, the port).
    private func ruleText(_ violation: FramingViolation, leg: Leg) -> String {
        let text = violation.description.replacingOccurrences(of: "{H}", with: leg.authority)
        switch violation {
        case .requestTargetTooLong: return "request target of "
        case .headerSectionTooLarge: return "header section of "
        default: return text
        }
    }

    /// A client that keeps sending after its refused request (a body, the next request) reads the
    /// whole refusal and an orderly close: the proxy half-closes and drains what the client sends,
    /// where closing with those bytes unread would reset the connection.
    func testARefusedClientThatKeepsSendingReadsTheWholeRefusal() throws {
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])
        try replayRefusalsWhileSending(on: try plainLeg(origin: origin))
    }

    func testARefusedClientThatKeepsSendingReadsTheWholeRefusalInsideInterceptedTLS() throws {
        let pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"])
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
                                   certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        let caDirectory = try TemporaryDirectory()
        try replayRefusalsWhileSending(on: try interceptedLeg(origin: origin, pki: pki, caDirectory: caDirectory))
    }

    /// One refusal the framing checks find in a head, one NIO's decoder finds.
    private func replayRefusalsWhileSending(on leg: Leg) throws {
        for (bad, status) in [("Transfer-Encoding: gzip\r\n\r\n", "400"), ("Content-Length: -1\r\n\r\n", "400"),
                              ("Transfer-Encoding: gzip, chunked\r\n\r\n", "501")] {
            let output = try leg.send(Self.post + bad, moreBytes: 256 * 1024)
            XCTAssertTrue(output.hasPrefix("HTTP/1.1 \(status) "), "\(bad): \(output)")
            XCTAssertTrue(output.contains("tlspeek: malformed HTTP request: "), "\(bad): \(output)")
            XCTAssertTrue(output.hasSuffix("\n"), "the whole answer, then an orderly close, no reset: \(bad): \(output)")
        }
    }

    /// The origin answers before the upload is complete (an early `413`): the client, still
    /// sending, reads that whole answer and an orderly close.
    func testAnEarlyAnswerReachesAClientThatIsStillUploading() throws {
        let origin = try RawOrigin(responses: ["HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\n\r\ntoo big\n"])
        let leg = try plainLeg(origin: origin)
        let upload = 512 * 1024
        let output = try leg.send("POST {T} HTTP/1.1\r\nHost: {H}\r\nConnection: close\r\nContent-Length: \(upload)\r\n\r\n",
                                moreBytes: upload)
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 413 "), output)
        XCTAssertTrue(output.hasSuffix("\r\n\r\ntoo big\n"), "the whole answer, then an orderly close, no reset: \(output)")
    }

    func testAbsoluteFormAuthorityReplacesADisagreeingHost() throws {
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])
        let leg = try plainLeg(origin: origin)
        let output = try leg.send("GET {T} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 "), output)
        XCTAssertEqual(try origin.logLines(), ["REQUEST GET /x HTTP/1.1", "HOST \(leg.authority)"])
    }

    func testAbsoluteFormAuthorityReplacesADisagreeingHostInsideInterceptedTLS() throws {
        let pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"])
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
                                   certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
        let caDirectory = try TemporaryDirectory()
        let leg = try interceptedLeg(origin: origin, pki: pki, caDirectory: caDirectory)
        let output = try leg.send("GET https://{H}/x HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 "), output)
        XCTAssertEqual(try origin.logLines(), ["REQUEST GET https://\(leg.authority)/x HTTP/1.1", "HOST \(leg.authority)"])
    }

    /// A refused request behind a good one on the same connection: the good one's response comes
    /// first and whole, then the refusal, whether the framing checks or the decoder found the fault.
    func testARefusedPipelinedRequestIsAnsweredAfterTheResponseBeforeIt() throws {
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])
        let leg = try plainLeg(origin: origin)
        for bad in ["Transfer-Encoding: gzip\r\n", "Content-Length: -1\r\n"] {
            let output = try leg.send("GET {T} HTTP/1.1\r\nHost: {H}\r\n\r\nPOST {T} HTTP/1.1\r\nHost: {H}\r\n\(bad)\r\n")
            XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 OK\r\n"), output)
            XCTAssertTrue(output.contains("\r\n\r\nokHTTP/1.1 400 Bad Request\r\n"), output)
        }
        XCTAssertEqual(try origin.requestCount(), 2, "only the good requests")
    }

    /// A refused response on a kept-alive upstream: the relay must not take it for a server that
    /// closed an idle connection and send the request again.
    func testARefusedResponseOnAReusedUpstreamIsNotRetried() throws {
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                                               "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok"])
        let leg = try plainLeg(origin: origin)
        let output = try leg.send("GET {T} HTTP/1.1\r\nHost: {H}\r\n\r\nGET {T}2 HTTP/1.1\r\nHost: {H}\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 OK\r\n"), output)
        XCTAssertTrue(output.contains("okHTTP/1.1 502 Bad Gateway\r\n"), output)
        XCTAssertEqual(try origin.logLines().filter { $0.hasPrefix("REQUEST ") }, ["REQUEST GET /x HTTP/1.1", "REQUEST GET /x2 HTTP/1.1"])
    }

    // MARK: responses

    func testResponseFramingOnThePlainProxyPort() throws {
        for testCase in Self.responseCases {
            let origin = try RawOrigin(responses: [testCase.response])
            try replay(testCase, on: try plainLeg(origin: origin), origin: origin)
        }
    }

    func testResponseFramingInsideInterceptedTLS() throws {
        let pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"])
        let caDirectory = try TemporaryDirectory()
        for testCase in Self.responseCases {
            let origin = try RawOrigin(responses: [testCase.response], certificatePath: leaf.certificatePath, keyPath: leaf.keyPath)
            try replay(testCase, on: try interceptedLeg(origin: origin, pki: pki, caDirectory: caDirectory), origin: origin)
        }
    }

    private func replay(_ testCase: ResponseCase, on leg: Leg, origin: RawOrigin) throws {
        let output = try leg.send("GET {T} HTTP/1.1\r\nHost: {H}\r\nConnection: close\r\n\r\n")
        let errors = leg.proxy.events.errorRecords
        let context = "\(testCase.name): \(output.prefix(300))\nrecorded: \(errors.map(\.message))"
        print("framing response '\(testCase.name)' \(leg.connect == nil ? "plain" : "TLS"): \(output.prefix(12)) origin saw \(try origin.requestCount()), recorded \(errors.map(\.message))")
        XCTAssertEqual(try origin.requestCount(), 1, "sent once, never retried: \(context)")
        switch testCase.outcome {
        case .relayed:
            XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 ") && output.hasSuffix("\r\n\r\nok"), context)
            XCTAssertEqual(errors, [], context)
        case .badGateway(let violation):
            XCTAssertTrue(output.hasPrefix("HTTP/1.1 502 "), context)
            XCTAssertTrue(output.contains(violation.description), context)
            XCTAssertEqual(errors.map(\.stage), ["upstream-http"], context)
            XCTAssertEqual(errors.first?.message, violation.description, context)
        case .cut(let violation):
            XCTAssertFalse(output.hasSuffix("ok"), context)
            XCTAssertEqual(errors.map(\.stage), ["upstream-http"], context)
            XCTAssertEqual(errors.first?.message, violation.description, context)
        }
    }
}
