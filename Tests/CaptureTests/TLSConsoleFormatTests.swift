import XCTest
@testable import Capture

/// The console's `-v` handshake walk: arrows per leg and a few salient fields per message.
final class TLSConsoleFormatTests: XCTestCase {
    func testWalkLinesShowArrowsAndSalientFields() {
        let messages: [JSON] = [
            ["type": "ClientHello", "direction": "received", "length": 517, "sni": "example.com",
             "alpn": ["h2", "http/1.1"], "versions": ["TLSv1.3", "TLSv1.2"], "cipher_suites": ["TLS_AES_128_GCM_SHA256"]],
            ["type": "ServerHello", "direction": "sent", "length": 90, "version": "TLSv1.2",
             "cipher": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "random": "00"],
            ["type": "Certificate", "direction": "sent", "length": 900,
             "certificates": [["subject": "CN=example.com"], ["subject": "CN=tlspeek CA"]]],
            ["type": "ServerKeyExchange", "direction": "sent", "length": 300, "group": "x25519",
             "signature_algorithm": "rsa_pss_rsae_sha256", "public_key_length": 32],
            ["type": "ClientHello", "direction": "received", "length": 200, "alpn": [],
             "versions": ["TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"]],
            ["type": "Finished", "direction": "received", "length": 16],
        ]
        let record = Record(kind: .tls, connection: 7, fields: [
            ("leg", "client"), ("host", "example.com"), ("version", "TLSv1.2"),
            ("cipher", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), ("group", "x25519"), ("alpn", "http/1.1"),
            ("messages", .array(messages)),
        ])
        XCTAssertEqual(TLSConsoleFormat(record: record).lines, [
            "#7 TLS client leg example.com: TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 x25519 alpn=http/1.1",
            "  1. client → tlspeek  ClientHello  (517 B)  sni=example.com alpn=h2,http/1.1 versions=TLSv1.3,TLSv1.2",
            "  2. tlspeek → client  ServerHello  (90 B)  version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "  3. tlspeek → client  Certificate  (900 B)  subject=CN=example.com +1 more",
            "  4. tlspeek → client  ServerKeyExchange  (300 B)  group=x25519 signature_algorithm=rsa_pss_rsae_sha256",
            "  5. client → tlspeek  ClientHello  (200 B)  versions=TLSv1.3,TLSv1.2,TLSv1.1,…",
            "  6. client → tlspeek  Finished  (16 B)",
        ])
    }

    func testUpstreamLegArrowsPointAtTheServer() {
        let record = Record(kind: .tls, connection: 3, fields: [
            ("leg", "upstream"), ("messages", [["type": "ClientHello", "direction": "sent", "length": 1],
                                               ["type": "ServerHello", "direction": "received", "length": 2]]),
        ])
        let lines = TLSConsoleFormat(record: record).lines
        XCTAssertEqual(Array(lines.dropFirst()), ["  1. tlspeek → server  ClientHello  (1 B)", "  2. server → tlspeek  ServerHello  (2 B)"])
    }
}
