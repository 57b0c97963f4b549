import Foundation
import TestSupport
import XCTest

/// `--har` after a real Ctrl-C is a complete HAR 1.2 file: it validates against a JSON Schema of
/// the spec's required fields and types (`Schemas/har-1.2.schema.json`), checked by Python's
/// `jsonschema` — a validator that shares nothing with tlspeek.
final class HARSchemaTests: EndToEndTestCase {
    private static let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Schemas/har-1.2.schema.json").path

    func testHARAfterSIGINTValidatesAgainstHAR12Schema() throws {
        guard try ChildProcess.run("python3", ["-c", "import jsonschema"]).status == 0 else {
            throw XCTSkip("python3 jsonschema is missing: run scripts/install-deps.sh test")
        }
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy(["--har", "session.har"])
        let base = "https://localhost:\(origin.port)"
        // A text GET, a POST with a form body, and a binary (octet-stream) response.
        let result = try curl(through: proxy).fetch(["\(base)/hello", "\(base)/bytes/300"])
        XCTAssertEqual(result.transfers.map(\.status), ["200", "200"], result.diagnostics)
        let post = try curl(through: proxy).fetch("\(base)/form?x=1", ["--data", "name=tlspeek&n=2"])
        XCTAssertEqual(post.status, "200", post.diagnostics)
        XCTAssertEqual(proxy.stop(), 0, proxy.output)  // SIGINT: the HAR's closing brackets are written

        let har = proxy.directory.file("session.har")
        let validation = try ChildProcess.run("python3", ["-c", Self.validator, Self.schemaPath, har])
        XCTAssertEqual(validation.status, 0, "\(validation.output)\n\((try? String(contentsOfFile: har, encoding: .utf8)) ?? "")")
        XCTAssertEqual(validation.output.trimmingCharacters(in: .whitespacesAndNewlines), "GET 200, GET 200, POST 200")

        // The schema says "a string"; the bodies say the right string.
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: har))) as? [String: Any])
        let entries = (log["log"] as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        let binary = entries.first { ($0["request"] as? [String: Any])?["url"] as? String == "\(base)/bytes/300" }
        let content = (binary?["response"] as? [String: Any])?["content"] as? [String: Any]
        XCTAssertEqual(content?["encoding"] as? String, "base64", "\(entries)")
        XCTAssertEqual(content?["size"] as? Int, 300)
        let postData = entries.compactMap { ($0["request"] as? [String: Any])?["postData"] as? [String: Any] }.first
        XCTAssertEqual(postData?["text"] as? String, "name=tlspeek&n=2", "\(entries)")
        XCTAssertEqual(postData?["mimeType"] as? String, "application/x-www-form-urlencoded")
    }

    /// Validates argv[2] against the schema argv[1] (draft 7), then prints "METHOD status" per entry.
    private static let validator = """
    import json, sys, jsonschema
    schema, har = (json.load(open(path)) for path in sys.argv[1:3])
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(har), key=lambda e: list(e.path))
    for error in errors:
        print("/".join(map(str, error.path)) + ": " + error.message)
    if errors:
        sys.exit(1)
    print(", ".join(f"{e['request']['method']} {e['response']['status']}" for e in har["log"]["entries"]))
    """
}
