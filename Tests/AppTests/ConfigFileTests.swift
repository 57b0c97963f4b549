import XCTest
@testable import App

final class ConfigFileTests: XCTestCase {
    func testParsesEveryValueKindAndComments() throws {
        let file = try ConfigFile(path: "t.toml", text: """
        # a comment
        listen = "127.0.0.1:0"   # trailing comment
        insecure = true
        workers = 4
        ignore-hosts = ["*.bank.example", "a#b.example"]
        allow-hosts = [
          "one.example",  # first
          "two.example",
        ]
        empty = []
        quoted = "say \\"hi\\" \\\\ #"
        """)
        XCTAssertEqual(file.entries.map(\.key), ["listen", "insecure", "workers", "ignore-hosts", "allow-hosts", "empty", "quoted"])
        XCTAssertEqual(file.entries[0].value, .string("127.0.0.1:0"))
        XCTAssertEqual(file.entries[1].value, .bool(true))
        XCTAssertEqual(file.entries[2].value, .integer(4))
        XCTAssertEqual(file.entries[3].value, .strings(["*.bank.example", "a#b.example"]))
        XCTAssertEqual(file.entries[4].value, .strings(["one.example", "two.example"]))
        XCTAssertEqual(file.entries[4].line, 6)
        XCTAssertEqual(file.entries[5].value, .strings([]))
        XCTAssertEqual(file.entries[6].value, .string("say \"hi\" \\ #"))
    }

    func testSyntaxErrorsNameFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("listen", 1, "expected `key = value`"),
            ("\n\nlisten = 127.0.0.1", 3, "value of `listen`"),
            ("a = \"x\"\na = \"y\"", 2, "set twice"),
            ("a = \"unterminated", 1, "unterminated string"),
            ("a = [\"x\" \"y\"]", 1, "expected , or ]"),
            ("bad key = 1", 1, "invalid key"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try ConfigFile(path: "c.toml", text: text), text) { error in
                let parseError = error as? ConfigFile.ParseError
                XCTAssertEqual(parseError?.line, line, text)
                XCTAssertTrue(String(describing: error).hasPrefix("c.toml:\(line): "), "\(error)")
                XCTAssertTrue(String(describing: error).contains(message), "\(error) should mention \(message)")
            }
        }
    }

    func testShippedDefaultConfigParsesAndSetsEveryKnownKey() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../config/tlspeek.toml").standardized.path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var settings = Settings()
        try settings.apply(ConfigFile(path: path, text: text))
        XCTAssertEqual(settings, Settings(), "the shipped config restates the defaults")
        // Every documented key appears in the shipped file, set or commented out.
        for key in Settings.configKeys {
            XCTAssertTrue(text.contains("\n\(key) =") || text.contains("\n# \(key) ="), "config/tlspeek.toml documents \(key)")
        }
    }
}
