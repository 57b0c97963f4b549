import Synchronization
import XCTest
@testable import Capture

final class RecordInterestTests: XCTestCase {
    private func console(_ detail: ConsoleSink.Detail) throws -> ConsoleSink {
        ConsoleSink(detail: detail, output: try OutputFile(path: "/dev/null", mode: 0o600), style: ConsoleStyle(colours: false))
    }

    func testQuietConsoleReadsOnlyFailuresAndErrors() throws {
        let interest = try console(.errors).interest
        XCTAssertFalse(interest.wants(.tls, failed: false))
        XCTAssertTrue(interest.wants(.tls, failed: true))
        XCTAssertFalse(interest.wants(.http, failed: false))
        XCTAssertTrue(interest.wants(.http, failed: true))
        XCTAssertTrue(interest.wants(.error, failed: false))
    }

    func testDefaultConsoleReadsExchangesButNotSuccessfulHandshakes() throws {
        let interest = try console(.exchanges).interest
        XCTAssertTrue(interest.wants(.http, failed: false))
        XCTAssertTrue(interest.wants(.tunnel, failed: false))
        XCTAssertFalse(interest.wants(.tls, failed: false))
        XCTAssertTrue(interest.wants(.tls, failed: true))
        XCTAssertEqual(try console(.handshakes).interest, .everything)
    }

    func testRecorderUnitesItsSinksAndFilteringKeepsTheInnerInterest() throws {
        let quiet = try console(.errors)
        let har = HARInterestProbe()
        let recorder = Recorder(sinks: [quiet, har])
        XCTAssertTrue(recorder.wants(.http, failed: false), "HAR reads every exchange")
        XCTAssertFalse(recorder.wants(.tls, failed: false))
        XCTAssertEqual(Recorder(sinks: []).interest, .nothing)
        let filtered = FilteringSink(quiet, filter: try FilterExpression(parsing: "host:a.example"))
        XCTAssertEqual(filtered.interest, quiet.interest.inFull)
        XCTAssertFalse(filtered.interest.wants(.http, failed: false))
    }

    func testTheConsoleReadsHTTPSummariesUntilItShowsHeaders() throws {
        XCTAssertFalse(try console(.errors).interest.wantsDetails(of: .http))
        XCTAssertFalse(try console(.exchanges).interest.wantsDetails(of: .http))
        XCTAssertTrue(try console(.exchanges).interest.wantsDetails(of: .tls))
        XCTAssertTrue(try console(.handshakes).interest.wantsDetails(of: .http))
        XCTAssertTrue(Recorder(sinks: [try console(.exchanges), HARInterestProbe()]).wantsDetails(of: .http), "HAR reads headers")
        XCTAssertFalse(Recorder(sinks: [HARInterestProbe()]).wantsDetails(of: .tls), "nobody reads tls records")
        let filtered = FilteringSink(try console(.exchanges), filter: try FilterExpression(parsing: "host:a.example"))
        XCTAssertTrue(filtered.interest.wantsDetails(of: .http), "a filter may match on any field")
    }

    func testUnwantedRecordsAreNeverBuiltAndWantedOnesOnce() throws {
        let recorder = Recorder(sinks: [try console(.errors)])
        let builds = Atomic<Int>(0)
        recorder.record(.tls, failed: false) {
            builds.add(1, ordering: .relaxed)
            return Record(kind: .tls, connection: 1, fields: [])
        }
        recorder.record(.tls, failed: true) {
            builds.add(1, ordering: .relaxed)
            return Record(kind: .tls, connection: 2, fields: [("error", "unknown_ca")])
        }
        recorder.drain()
        XCTAssertEqual(builds.load(ordering: .relaxed), 1)
    }
}

/// Reads only HTTP exchanges, like the HAR sink.
private final class HARInterestProbe: RecordSink, @unchecked Sendable {
    var interest: RecordInterest { RecordInterest([.http: .all]) }
    func write(_ record: Record) {}
    func close() {}
}
