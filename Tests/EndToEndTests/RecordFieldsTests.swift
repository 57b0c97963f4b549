import Foundation
import TestSupport
import XCTest

/// Every line of a `--log` session with all four record types parses, and each record carries the
/// fields PRODUCT.md names for its type, with the right JSON types — checked by one table.
final class RecordFieldsTests: EndToEndTestCase {
    /// The JSON type a field must have, as JSONSerialization reads it (which does not tell a whole
    /// Double from an Int, nor a Bool from 0/1: good enough to catch strings, nulls and shapes).
    private enum Kind {
        case string, int, number, bool, array, object
        /// Present, but null when not applicable (e.g. no ALPN negotiated).
        case stringOrNull

        func matches(_ value: Any) -> Bool {
            switch self {
            case .string: return value is String
            case .stringOrNull: return value is String || value is NSNull
            case .int: return value is Int
            case .number: return value is Double || value is Int
            case .bool: return value is Bool
            case .array: return value is [Any]
            case .object: return value is [String: Any]
            }
        }
    }

    /// PRODUCT.md's fields per record type (plus the common `type`, `time`, `connection`).
    private static let required: [String: [(String, Kind)]] = [
        "tls": [("id", .string), ("leg", .string), ("host", .string), ("sni", .stringOrNull), ("alpn", .stringOrNull),
                ("version", .string), ("cipher", .string), ("group", .string), ("messages", .array)],
        "http": [("method", .string), ("url", .string), ("status", .int), ("request_headers", .array),
                 ("response_headers", .array), ("request_body_bytes", .int), ("response_body_bytes", .int),
                 ("timings", .object), ("tls", .array)],
        "tunnel": [("host", .string), ("port", .int), ("bytes_from_client", .int), ("bytes_from_server", .int),
                   ("reason", .string)],
        "error": [("stage", .string), ("host", .string), ("message", .string)],
    ]
    private static let common: [(String, Kind)] = [("type", .string), ("time", .string), ("connection", .int)]
    /// Fields that only some records of a type carry, and when.
    private static let conditional: [(type: String, applies: @Sendable (FlowLog.Record) -> Bool, fields: [(String, Kind)])] = [
        ("tls", { $0["leg"] as? String == "upstream" }, [("verification", .string)]),
        ("http", { ($0["request_body_bytes"] as? Int ?? 0) > 0 }, [("request_body", .object)]),
        ("http", { ($0["response_body_bytes"] as? Int ?? 0) > 0 }, [("response_body", .object)]),
    ]
    private static let messageFields: [(String, Kind)] = [("type", .string), ("direction", .string), ("length", .int)]
    private static let timingFields = ["blocked", "dns", "connect", "ssl", "send", "wait", "receive", "total"]
        .map { ($0, Kind.number) } + [("started", Kind.string)]

    func testEveryRecordOfASessionCarriesItsTypesFields() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        // localhost is intercepted; the same origin by IP is tunnelled untouched.
        let proxy = try startProxy(["--ignore-hosts", "127.0.0.1"])
        let intercepted = try curl(through: proxy)
        let base = "https://localhost:\(origin.port)"
        XCTAssertEqual(try intercepted.fetch("\(base)/hello").status, "200")
        // A small body arrives with the head of the connection's first request (once stalled in the relay).
        XCTAssertEqual(try intercepted.fetch("\(base)/echo", ["--data", "a=1"]).status, "200")
        let tunnelled = try Curl(proxyPort: proxy.port, trust: pki.caCertificatePath)
            .fetch("https://127.0.0.1:\(origin.port)/hello")
        XCTAssertEqual(tunnelled.status, "200", tunnelled.diagnostics)
        XCTAssertEqual(try intercepted.fetch("https://localhost:\(ClosedPort.make())/").status, "502")

        let log = try proxy.stopAndReadLog()
        let types = Set(log.records.compactMap { $0["type"] as? String })
        XCTAssertEqual(types, Set(Self.required.keys), log.text)
        XCTAssertEqual(Set(log.records(ofType: "tls").compactMap { $0["leg"] as? String }), ["client", "upstream"], log.text)

        for (line, record) in zip(log.lines, log.records) {
            let type = record["type"] as? String ?? "?"
            var fields = Self.common + (Self.required[type] ?? [])
            for rule in Self.conditional where rule.type == type && rule.applies(record) { fields += rule.fields }
            assertFields(fields, of: record, line: line)
            for message in record["messages"] as? [FlowLog.Record] ?? [] {
                assertFields(Self.messageFields, of: message, line: line)
                XCTAssertTrue(["sent", "received"].contains(message["direction"] as? String ?? ""), line)
            }
            if type == "http" { assertFields(Self.timingFields, of: record["timings"] as? FlowLog.Record ?? [:], line: line) }
        }

        // An http record's `tls` ids name tls records of the same connection.
        let tlsIDs = Set(log.records(ofType: "tls").compactMap { $0["id"] as? String })
        for exchange in log.records(ofType: "http") {
            let ids = exchange["tls"] as? [String] ?? []
            XCTAssertFalse(ids.isEmpty, "\(exchange)")
            for id in ids {
                XCTAssertTrue(tlsIDs.contains(id), "\(id) is no tls record's id:\n\(log.text)")
                XCTAssertTrue(id.hasPrefix("\(exchange["connection"] as? Int ?? -1)."), "\(id) of another connection")
            }
        }
        let tunnel = log.records(ofType: "tunnel").first
        XCTAssertGreaterThan(tunnel?["bytes_from_client"] as? Int ?? 0, 0, log.text)
        XCTAssertGreaterThan(tunnel?["bytes_from_server"] as? Int ?? 0, 0, log.text)
        XCTAssertEqual(log.records(ofType: "error").first?["host"] as? String, "localhost", log.text)
    }

    private func assertFields(_ fields: [(String, Kind)], of record: FlowLog.Record, line: String,
                              file: StaticString = #filePath, lineNumber: UInt = #line) {
        for (name, kind) in fields {
            guard let value = record[name] else {
                XCTFail("no \"\(name)\" in \(line)", file: file, line: lineNumber)
                continue
            }
            XCTAssertTrue(kind.matches(value), "\"\(name)\" is not \(kind) in \(line)", file: file, line: lineNumber)
        }
    }
}
