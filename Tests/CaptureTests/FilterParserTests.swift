import XCTest
@testable import Capture

final class FilterParserTests: XCTestCase {
    private func parse(_ text: String) throws -> FilterExpression { try FilterExpression(parsing: text) }
    private func host(_ glob: String) -> FilterExpression { .term(.host(glob: glob)) }

    /// Asserts that `text` fails at `column` with a message containing `message`.
    private func assertError(_ text: String, _ message: String, column: Int, line: UInt = #line) {
        XCTAssertThrowsError(try parse(text), line: line) { error in
            guard let error = error as? FilterError else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(error.column, column, "\(error)", line: line)
            XCTAssertTrue(error.message.contains(message), "\(error)", line: line)
            XCTAssertEqual(error.expression, text, line: line)
        }
    }

    func testEveryTerm() throws {
        XCTAssertEqual(try parse("host:*.Example.COM"), host("*.example.com"))
        XCTAssertEqual(try parse("host:[::1]"), host("::1"))
        XCTAssertEqual(try parse("path:/API/*"), .term(.path(glob: "/API/*")), "paths keep their case")
        XCTAssertEqual(try parse("method:post"), .term(.method("POST")))
        XCTAssertEqual(try parse("status:404"), .term(.status(.code(404))))
        XCTAssertEqual(try parse("status:4xx"), .term(.status(.family(4))))
        XCTAssertEqual(try parse("status:5XX"), .term(.status(.family(5))))
        XCTAssertEqual(try parse("type:JSON"), .term(.contentType("json")))
        XCTAssertEqual(try parse("tls:1.2"), .term(.tlsVersion(.v1_2)))
        XCTAssertEqual(try parse("tls:1.3"), .term(.tlsVersion(.v1_3)))
        XCTAssertEqual(try parse("HOST:a"), host("a"), "term names are case-insensitive")
    }

    func testNotBindsTighterThanAndWhichBindsTighterThanOr() throws {
        XCTAssertEqual(try parse("host:a or host:b and host:c"), .or(host("a"), .and(host("b"), host("c"))))
        XCTAssertEqual(try parse("host:a and host:b or host:c"), .or(.and(host("a"), host("b")), host("c")))
        XCTAssertEqual(try parse("not host:a and host:b"), .and(.not(host("a")), host("b")))
        XCTAssertEqual(try parse("not not host:a"), .not(.not(host("a"))))
        XCTAssertEqual(try parse("host:a or host:b or host:c"), .or(.or(host("a"), host("b")), host("c")), "left-associative")
        XCTAssertEqual(try parse("host:a AND NOT host:b Or host:c"), .or(.and(host("a"), .not(host("b"))), host("c")))
    }

    func testParenthesesGroup() throws {
        XCTAssertEqual(try parse("(host:a or host:b) and host:c"), .and(.or(host("a"), host("b")), host("c")))
        XCTAssertEqual(try parse("not (host:a or host:b)"), .not(.or(host("a"), host("b"))))
        XCTAssertEqual(try parse("((host:a))"), host("a"))
        XCTAssertEqual(try parse("(host:a)and(host:b)"), .and(host("a"), host("b")), "parentheses need no spaces")
    }

    func testAdjacentTermsAreJoinedByAnd() throws {
        XCTAssertEqual(try parse("host:a status:404"), .and(host("a"), .term(.status(.code(404)))))
        XCTAssertEqual(try parse("host:a not host:b or host:c"), .or(.and(host("a"), .not(host("b"))), host("c")))
        XCTAssertEqual(try parse("host:a (host:b or host:c)"), .and(host("a"), .or(host("b"), host("c"))))
    }

    func testQuotedValues() throws {
        XCTAssertEqual(try parse(#"type:"text/html; charset=utf-8""#), .term(.contentType("text/html; charset=utf-8")))
        XCTAssertEqual(try parse(#"path:"/a (b)" and host:x"#), .and(.term(.path(glob: "/a (b)")), host("x")))
        XCTAssertEqual(try parse(#"path:"/say \"hi\" \\o/""#), .term(.path(glob: #"/say "hi" \o/"#)))
        XCTAssertEqual(try parse(#"(path:"/x")"#), .term(.path(glob: "/x")))
        XCTAssertEqual(try parse(#"path:/a"b"#), .term(.path(glob: #"/a"b"#)), "a quote inside a bare value is literal")
    }

    func testDescriptionShowsPrecedenceAndParsesBack() throws {
        let cases = [
            "host:a or host:b and host:c": "host:a or (host:b and host:c)",
            "not (host:a or host:b) status:5xx": "not (host:a or host:b) and status:5xx",
            "(host:a or host:b) and not not method:get": "(host:a or host:b) and not not method:GET",
            #"type:"a b" tls:1.3 path:/x\y"#: #"type:"a b" and tls:1.3 and path:/x\y"#,
            #"path:"q\"(""#: #"path:"q\"(""#,
        ]
        for (text, shown) in cases {
            let parsed = try parse(text)
            XCTAssertEqual(parsed.description, shown)
            XCTAssertEqual(try parse(parsed.description), parsed, shown)
        }
    }

    func testSyntaxErrorsPointAtTheColumn() {
        assertError("host:a.com and (", "expected a term", column: 17)
        assertError("", "expected a term", column: 1)
        assertError("host:a and", "expected a term", column: 11)
        assertError("or host:a", "expected a term, got `or`", column: 1)
        assertError("host:a and )", "expected a term, got `)`", column: 12)
        assertError("(host:a", "expected `)` to close the `(` at column 1", column: 8)
        assertError("host:a)", "unexpected `)`", column: 7)
        assertError("example.com", "expected a term like host:example.com, got `example.com`", column: 1)
        assertError("host:a ~d b", "got `~d`", column: 8)
        assertError(#""host:a""#, "got `\"`", column: 1)
        assertError(#"host:"a"b"#, "after the closing quote", column: 9)
        assertError(#"path:"/a"#, "unterminated quoted value", column: 6)
    }

    func testBadTermsAndValuesPointAtThem() {
        assertError("host:a or hots:b", "unknown term `hots:` (terms: host, path, method, status, type, tls)", column: 11)
        assertError("status:abc", "`status:` needs a status code like 404 or a class like 4xx, got `abc`", column: 8)
        assertError("status:600", "status code", column: 8)
        assertError("status:40", "status code", column: 8)
        assertError("status:4x", "status code", column: 8)
        assertError("tls:1.4", "`tls:` needs a TLS version: 1.0, 1.1, 1.2, 1.3, got `1.4`", column: 5)
        assertError("method:GET/1", "a method like GET", column: 8)
        assertError("host: and", "`host:` needs a host glob like *.example.com, got nothing", column: 6)
        assertError(#"type:"""#, "got nothing", column: 6)
    }

    func testErrorDescriptionHasACaretUnderTheColumn() {
        let error = FilterError(expression: "host:a and (", message: "expected a term", column: 13)
        XCTAssertEqual(error.description, """
        expected a term at column 13
            host:a and (
                        ^
        """)
    }
}
