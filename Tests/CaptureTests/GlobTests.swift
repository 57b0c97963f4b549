import XCTest
import Capture

final class GlobTests: XCTestCase {
    func testStarSpansEverythingAndQuestionMarkIsOneCharacter() {
        XCTAssertTrue(Glob.matches("*", ""))
        XCTAssertTrue(Glob.matches("*.example.com", "a.b.example.com"))
        XCTAssertFalse(Glob.matches("*.example.com", "example.com"))
        XCTAssertTrue(Glob.matches("/api/*", "/api/v1/users"))
        XCTAssertTrue(Glob.matches("/a?c", "/abc"))
        XCTAssertFalse(Glob.matches("/a?c", "/ac"))
        XCTAssertTrue(Glob.matches("*é?", "café!"), "? is one character, not one byte")
    }

    func testWholeTextMustMatchAndCaseMatters() {
        XCTAssertFalse(Glob.matches("example.com", "www.example.com"))
        XCTAssertFalse(Glob.matches("/api", "/api/"))
        XCTAssertFalse(Glob.matches("/API", "/api"))
        XCTAssertTrue(Glob.matches("*a*b*c", "xxaxxbxxbxc"), "backtracks to the last star")
    }

    func testHostNameNormalisation() {
        XCTAssertEqual(HostName.normalise("WWW.Example.COM."), "www.example.com")
        XCTAssertEqual(HostName.normalise("[::1]"), "::1")
        XCTAssertEqual(HostName.normalise("."), ".")
    }
}
