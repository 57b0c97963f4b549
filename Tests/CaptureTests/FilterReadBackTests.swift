import Capture
import XCTest

/// What tlspeek prints as the filter it understood parses back to the same filter. The inputs are
/// what `scripts/fuzz.sh` found printed differently before host values were read back.
final class FilterReadBackTests: XCTestCase {
    func testPrintedFilterParsesToItself() throws {
        let cases: [(input: String, printed: String)] = [
            ("host:*..", "host:*.."),
            ("Host:a...", "host:a..."),
            ("host:*.ele..(type:json and tls:1.3)", "host:*.ele.. and type:json and tls:1.3"),
            ("host:[[a]]", "host:[[a]]"),
            ("host:Example.COM.", "host:example.com"),
            ("host:[::1]", "host:::1"),
        ]
        for (input, printed) in cases {
            let expression = try FilterExpression(parsing: input)
            XCTAssertEqual(expression.description, printed, input)
            // Compared as printed: `a and (b and c)` reads back as `(a and b) and c`, which means the same.
            XCTAssertEqual(try FilterExpression(parsing: printed).description, printed, input)
        }
    }

    func testAHostValueThatNormalisesToNothingIsRefused() {
        XCTAssertThrowsError(try FilterExpression(parsing: "((host:[]))"))
    }
}
