import XCTest
@testable import Capture

/// The `-v` line comparing an intercepted connection's two legs, whichever record arrives first.
final class LegComparisonTests: XCTestCase {
    private static func leg(_ connection: Int, _ leg: String, id: String? = nil, version: String = "TLSv1.3",
                            alpn: JSON = "http/1.1", resumed: Bool = false, error: String? = nil) -> Record {
        var fields: [(String, JSON)] = [
            ("id", .string(id ?? (leg == "client" ? "\(connection).client" : "\(connection).upstream.1"))),
            ("leg", .string(leg)), ("alpn", alpn), ("version", .string(version)),
            ("cipher", "TLS_AES_128_GCM_SHA256"), ("group", "x25519"), ("resumed", .bool(resumed)),
        ]
        if let error { fields.append(("error", .string(error))) }
        return Record(kind: .tls, connection: connection, fields: fields)
    }

    func testPairsLegsInEitherOrderAcrossInterleavedConnections() {
        let comparison = LegComparison()
        let arrivals = [Self.leg(1, "upstream", version: "TLSv1.2", alpn: .null, resumed: true), Self.leg(2, "client"),
                        Self.leg(1, "client"), Self.leg(2, "upstream", alpn: "h2")]
        XCTAssertEqual(arrivals.map { comparison.line(after: $0) }, [
            nil, nil,
            "#1 legs: client TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 h1 new | upstream TLSv1.2 TLS_AES_128_GCM_SHA256 x25519 no-alpn resumed",
            "#2 legs: client TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 h1 new | upstream TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 h2 new",
        ])
    }

    func testFailedLegIsNamedAndLaterUpstreamsDoNotPair() {
        let comparison = LegComparison()
        XCTAssertNil(comparison.line(after: Self.leg(4, "upstream")))
        XCTAssertEqual(comparison.line(after: Self.leg(4, "client", error: "unknown_ca")),
                       "#4 legs: client failed (unknown_ca) | upstream TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 h1 new")
        // A second upstream connection for a later request has no client leg to compare with.
        XCTAssertNil(comparison.line(after: Self.leg(4, "upstream", id: "4.upstream.2")))
        XCTAssertNil(comparison.line(after: Self.leg(4, "client")))
    }

    func testWaitingLegsAreBounded() {
        let comparison = LegComparison(capacity: 2)
        for connection in 1...3 { XCTAssertNil(comparison.line(after: Self.leg(connection, "client"))) }
        XCTAssertNil(comparison.line(after: Self.leg(1, "upstream")), "the oldest waiting leg was dropped")
        XCTAssertNotNil(comparison.line(after: Self.leg(3, "upstream")))
    }
}
