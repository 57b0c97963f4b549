import XCTest
import Foundation
@testable import Capture

final class JSONTests: XCTestCase {
    func testEncodesCompactlyAndParsesBackWithFoundation() throws {
        let value: JSON = ["type": "http", "n": 3, "ok": true, "none": .null, "list": [1, "two\n\"x\"\u{1}"], "pi": .double(1.5)]
        let text = value.text
        XCTAssertFalse(text.contains("\n"))
        XCTAssertEqual(text, #"{"type":"http","n":3,"ok":true,"none":null,"list":[1,"two\n\"x\"\u0001"],"pi":1.5}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        XCTAssertEqual((parsed?["list"] as? [Any])?.last as? String, "two\n\"x\"\u{1}")
    }

    func testTerminalEscapesAreEscaped() {
        XCTAssertEqual(JSON.string("\u{1b}[31mred").text, #""\u001b[31mred""#)
    }

    func testTimestampIsRFC3339WithMilliseconds() {
        XCTAssertEqual(Timestamp(secondsSince1970: 0).rfc3339, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp(secondsSince1970: 1_796_051_445.1239).rfc3339, "2026-11-30T15:10:45.123Z")
    }
}
