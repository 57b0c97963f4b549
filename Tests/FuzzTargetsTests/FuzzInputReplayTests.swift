import Foundation
import FuzzTargets
import XCTest

/// Every committed seed (`Fuzz/Corpus/<target>/`) and every input a fuzzer once failed on
/// (`Fuzz/Regressions/<target>/`) through the same checks the libFuzzer binaries run.
final class FuzzInputReplayTests: XCTestCase {
    private static let fuzzFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    func testSeedCorpora() throws {
        for target in FuzzTarget.allCases {
            XCTAssertGreaterThan(try replay("Corpus", target), 0, "no seeds for \(target.rawValue)")
        }
    }

    func testRegressions() throws {
        for target in FuzzTarget.allCases { try replay("Regressions", target) }
    }

    /// Checks each file in `Fuzz/<folder>/<target>/`; returns how many there were.
    @discardableResult
    private func replay(_ folder: String, _ target: FuzzTarget) throws -> Int {
        let directory = Self.fuzzFolder.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for file in files {
            do {
                try target.check(Array(try Data(contentsOf: file)))
            } catch {
                XCTFail("\(folder)/\(target.rawValue)/\(file.lastPathComponent): \(error)")
            }
        }
        return files.count
    }
}
