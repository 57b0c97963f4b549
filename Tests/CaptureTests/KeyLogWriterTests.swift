import XCTest
import Foundation
import TestSupport
@testable import Capture

final class KeyLogWriterTests: XCTestCase {
    func testCreatesFile0600AndAppendsWholeLinesFromManyThreads() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("keys.log")
        let oldMask = umask(0)
        defer { umask(oldMask) }
        try "# existing\n".write(toFile: directory.file("other"), atomically: true, encoding: .utf8)

        let writer = try KeyLogWriter(path: path)
        let line = "CLIENT_RANDOM " + String(repeating: "ab", count: 32) + " " + String(repeating: "cd", count: 48)
        DispatchQueue.concurrentPerform(iterations: 200) { _ in writer.append(line) }
        writer.flush()

        var status = stat()
        XCTAssertEqual(stat(path, &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o600)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 200)
        XCTAssertTrue(lines.allSatisfy { $0 == line })

        writer.close()
        let second = try KeyLogWriter(path: path)
        second.append("SECOND")
        second.close()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count, 201, "appends, never truncates")
    }
}
