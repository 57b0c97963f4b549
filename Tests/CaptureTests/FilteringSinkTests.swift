import XCTest
@testable import Capture

final class FilteringSinkTests: XCTestCase {
    /// Remembers what reaches it.
    private final class CollectingSink: RecordSink, @unchecked Sendable {
        var records: [Record] = []
        var closed = false
        func write(_ record: Record) { records.append(record) }
        func close() { closed = true }
    }

    private let kept = Record(kind: .http, connection: 1, fields: [("method", "GET"), ("url", "https://a.example/"), ("status", 200)])
    private let dropped = Record(kind: .http, connection: 2, fields: [("method", "GET"), ("url", "https://b.example/"), ("status", 200)])
    private let otherError = Record(kind: .error, connection: 3, fields: [("stage", "upstream"), ("host", "b.example")])

    func testPassesOnlyMatchingRecordsAndCloses() throws {
        let inner = CollectingSink()
        let sink = FilteringSink(inner, filter: try FilterExpression(parsing: "host:a.example"))
        for record in [kept, dropped, otherError] { sink.write(record) }
        XCTAssertEqual(inner.records.map(\.connection), [1])
        sink.close()
        XCTAssertTrue(inner.closed)
    }

    func testAlwaysShownKindsBypassTheFilter() throws {
        let inner = CollectingSink()
        let sink = FilteringSink(inner, filter: try FilterExpression(parsing: "host:a.example"), alwaysShown: [.error])
        for record in [kept, dropped, otherError] { sink.write(record) }
        XCTAssertEqual(inner.records.map(\.connection), [1, 3])
    }

    func testWorksBehindTheRecorder() throws {
        let inner = CollectingSink()
        let recorder = Recorder(sinks: [FilteringSink(inner, filter: try FilterExpression(parsing: "not host:a.example"))])
        for record in [kept, dropped] { recorder.record(record) }
        recorder.close()
        XCTAssertEqual(inner.records.map(\.connection), [2])
        XCTAssertTrue(inner.closed)
    }
}
