import XCTest
@testable import Proxy

final class PortPolicyTests: XCTestCase {
    func testPortRangeParser() throws {
        let valid: [(String, ClosedRange<Int>)] = [
            ("443", 443...443), ("1", 1...1), ("65535", 65535...65535), ("8000-8999", 8000...8999), ("80-80", 80...80),
            ("00443", 443...443),
        ]
        for (text, expected) in valid {
            let range = try PortRange(text)
            XCTAssertEqual(range.lower...range.upper, expected, text)
        }
        for text in ["", "0", "65536", "99999999999999999999", "-1", "443-", "-443", "9000-8000", "1-2-3", "80 ", " 80",
                     "+80", "８０", "a", "443,8443", "0x50", "80-65536"] {
            XCTAssertThrowsError(try PortRange(text), text) { error in
                XCTAssertEqual(error as? PortRangeError, PortRangeError(text: text))
                XCTAssertTrue("\(error)".contains("expected PORT or LOW-HIGH"), "\(error)")
            }
        }
        XCTAssertEqual(try PortRange("8000-8999").description, "8000-8999")
        XCTAssertEqual(try PortRange("443").description, "443")
    }

    func testDecisions() throws {
        let cases: [(allow: [String], deny: [String], port: Int, allowed: Bool)] = [
            ([], [], 1, true),
            ([], [], 65535, true),
            (["443"], [], 443, true),
            (["443"], [], 80, false),
            (["443", "8000-8999"], [], 8000, true),
            (["443", "8000-8999"], [], 8999, true),
            (["443", "8000-8999"], [], 9000, false),
            ([], ["25"], 25, false),
            ([], ["25"], 26, true),
            (["1-65535"], ["8080"], 8080, false),
            (["1-65535"], ["8080"], 8081, true),
        ]
        for (allow, deny, port, allowed) in cases {
            let decision = try PortPolicy(allow: allow, deny: deny).decide(port: port)
            XCTAssertEqual(decision == .allowed, allowed, "allow \(allow) deny \(deny) port \(port): \(decision)")
        }
        XCTAssertEqual(try PortPolicy(allow: ["443", "8000-8999"], deny: []).decide(port: 80),
                       .denied(reason: "port 80 is not in --allow-ports 443,8000-8999"))
        XCTAssertEqual(try PortPolicy(allow: [], deny: ["20-25"]).decide(port: 25),
                       .denied(reason: "port 25 matches --deny-ports 20-25"))
        XCTAssertThrowsError(try PortPolicy(allow: ["443"], deny: ["x"]))
    }

    /// Refused CONNECT and absolute-form targets get 403 and an http record with the reason; allowed ones pass.
    func testRefusedTargetsGet403AndARecord() throws {
        let origin = try RawOrigin(responses: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"])
        let proxy = try ProxyHarness { $0.portPolicy = try! PortPolicy(allow: ["\(origin.port)"], deny: ["1-1024"]) }
        let cases: [(request: String, status: String, reason: String?)] = [
            ("CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "403", "port 9 matches --deny-ports 1-1024"),
            ("GET http://127.0.0.1:9/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "403",
             "port 9 matches --deny-ports 1-1024"),
            ("CONNECT example.invalid:8443 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "403", "port 8443 is not in --allow-ports \(origin.port)"),
            ("GET http://127.0.0.1:\(origin.port)/ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "200", nil),
        ]
        for (request, status, reason) in cases {
            let answer = try RawClient.exchange(port: proxy.port, bytes: Array(request.utf8))
            XCTAssertTrue(answer.hasPrefix("HTTP/1.1 \(status)"), "\(request): \(answer)")
            if let reason { XCTAssertTrue(answer.contains("tlspeek: refusing to connect to") && answer.contains(reason), answer) }
        }
        let records = try proxy.events.waitForExchanges(4)
        let refused = records.filter { $0.status == 403 }
        XCTAssertEqual(refused.count, 3)
        XCTAssertTrue(refused.allSatisfy { $0.error?.contains("refusing to connect") == true }, "\(refused)")
    }
}
