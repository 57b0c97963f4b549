import Foundation
import TestSupport
import XCTest

/// The short version of `scripts/load-test.sh` (200 held intercepted connections, 2,000 keep-alive
/// requests) against the built binary: no failures, descriptors back to the baseline, RSS steady,
/// one key-log client random per `tls` record. About 10 s on an idle machine.
final class LoadTests: XCTestCase {
    func testShortLoadLeavesNoLeaks() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let result = try ChildProcess.run(root + "/scripts/load-test.sh", ["--quick", "--binary", TLSPeekBinary.path],
                                          timeout: 120)
        print(result.output)
        XCTAssertEqual(result.status, 0, result.output)
        for check in ["failures", "descriptors", "rss", "keylog"] {
            XCTAssertTrue(result.output.contains("PASS \(check):"), "\(check): \(result.output)")
        }
    }
}
