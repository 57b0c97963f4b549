import Foundation
import XCTest
@testable import Capture

/// The recorder hands records to sinks in bursts; the console and JSON Lines sinks write a burst
/// with one write, keeping records whole, in order, and prompt.
final class RecorderBatchingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func errorRecord(_ number: Int) -> Record {
        Record(kind: .error, connection: number, fields: [
            ("stage", "test"), ("host", "h.example"), ("message", .string("record \(number) " + String(repeating: "x", count: 100))),
        ])
    }

    private func console(_ path: String) throws -> ConsoleSink {
        ConsoleSink(detail: .exchanges, output: try OutputFile(path: path, mode: 0o600), style: ConsoleStyle(colours: false))
    }

    func testABurstLargerThanTheCoalescingLimitArrivesWholeAndInOrder() throws {
        let path = directory.appendingPathComponent("console.txt").path
        let recorder = Recorder(sinks: [try console(path)])
        let count = 2_000  // ~260 KiB: several coalesced writes
        for number in 0..<count { recorder.record(errorRecord(number)) }
        recorder.drain()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, count + 1, "one line per record and a final newline")
        XCTAssertEqual(lines.last, "")
        for (number, line) in lines.dropLast().enumerated() {
            XCTAssertEqual(String(line), "error #\(number) [test] h.example: record \(number) " + String(repeating: "x", count: 100))
        }
    }

    func testALoneRecordIsWrittenWithoutWaitingForMore() throws {
        let path = directory.appendingPathComponent("console.txt").path
        let recorder = Recorder(sinks: [try console(path)])
        recorder.record(errorRecord(7))
        // No drain, close or further record: the line must still appear (liveness, generous bound).
        let deadline = Date().addingTimeInterval(10)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if !text.isEmpty { break }
            usleep(10_000)
        }
        XCTAssertTrue(text.hasPrefix("error #7 [test]"), text)
        recorder.close()
    }

    func testSinksFlushAfterEachBurstAndSeeRecordsInOrder() {
        let probe = SinkProbe()
        let recorder = Recorder(sinks: [probe])
        for number in 0..<500 { recorder.record(errorRecord(number)) }
        recorder.drain()
        let events = probe.events
        XCTAssertEqual(events.compactMap(\.connection), Array(0..<500))
        XCTAssertEqual(events.last, .flush, "held output goes out once nothing is waiting")
        XCTAssertNotEqual(events.first, .flush)
    }

    func testADeferredHopCarriesTheWholeBurstAndCloseDoesNotWaitForIt() {
        let probe = SinkProbe()
        let hops = HopCollector()
        let recorder = Recorder(sinks: [probe], deferHop: hops.hold)
        for number in 0..<3 { recorder.record(errorRecord(number)) }
        XCTAssertEqual(hops.count, 1, "one hop for the burst")
        recorder.drain()
        XCTAssertEqual(probe.events, [.write(0), .write(1), .write(2), .flush], "drain does not wait for the held hop")
        hops.runAll()
        recorder.record(errorRecord(3))
        XCTAssertEqual(hops.count, 1, "the queue went idle: the next record asks for a new hop")
        hops.runAll()
        recorder.close()
        XCTAssertEqual(probe.events.compactMap(\.connection), [0, 1, 2, 3])
    }

    func testCloseWritesHeldJSONLines() throws {
        let path = directory.appendingPathComponent("log.jsonl").path
        let recorder = Recorder(sinks: [try JSONLinesSink(path: path)])
        for number in 0..<3 { recorder.record(errorRecord(number)) }
        recorder.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        for (number, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertEqual(object?["connection"] as? Int, number)
        }
    }
}

/// Notes what the recorder calls, in order.
private final class SinkProbe: RecordSink, @unchecked Sendable {
    enum Event: Equatable {
        case write(Int), flush

        var connection: Int? { if case .write(let connection) = self { connection } else { nil } }
    }

    // Written on the recorder's queue, read after `drain`.
    private(set) var events: [Event] = []

    func write(_ record: Record) { events.append(.write(record.connection)) }
    func flush() { events.append(.flush) }
    func close() {}
}

/// Holds the recorder's hops until the test runs them (as an event loop does at the end of a tick).
private final class HopCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var hops: [@Sendable () -> Void] = []

    var count: Int { lock.withLock { hops.count } }

    func hold(_ hop: @escaping @Sendable () -> Void) { lock.withLock { hops.append(hop) } }

    func runAll() {
        let held = lock.withLock { () -> [@Sendable () -> Void] in defer { hops = [] }; return hops }
        for hop in held { hop() }
    }
}
