import Capture
import Foundation
import XCTest
import Proxy

/// The proxy's records as Capture records: the fields a protocol switch adds.
final class RecordingEventSinkTests: XCTestCase {
    func testUpgradedExchangeNamesTheProtocolAndOthersDoNot() {
        let collected = CollectedRecords()
        let recorder = Recorder(sinks: [collected])
        let sink = RecordingEventSink(recorder: recorder)
        sink.httpExchangeCompleted(HTTPExchangeRecord(connectionID: 3, method: "GET", url: "http://example.com/chat",
                                                      status: 101, requestBodyBytes: 0, responseBodyBytes: 0, error: nil,
                                                      upgradedTo: "websocket"))
        sink.httpExchangeCompleted(HTTPExchangeRecord(connectionID: 3, method: "GET", url: "http://example.com/",
                                                      status: 200, requestBodyBytes: 0, responseBodyBytes: 2, error: nil))
        sink.tunnelClosed(TunnelRecord(connectionID: 3, target: ConnectTarget(host: "example.com", port: 80), bytesUp: 10,
                                       bytesDown: 20, reason: "upgraded to websocket after 101", error: nil))
        recorder.drain()
        let records = collected.all
        XCTAssertEqual(records.count, 3)
        XCTAssertEqual(records[0]["status"], .int(101))
        XCTAssertEqual(records[0]["upgraded_to"], .string("websocket"))
        XCTAssertNil(records[1]["upgraded_to"])
        XCTAssertEqual(records[2].kind, .tunnel)
        XCTAssertEqual(records[2]["reason"], .string("upgraded to websocket after 101"))
        XCTAssertEqual(records[2]["bytes_from_client"], .int(10))
        XCTAssertEqual(records[2]["bytes_from_server"], .int(20))
    }

    /// The relay asks before building an exchange's record: at `-q` only failed exchanges are read.
    func testExchangesAreRecordedOnlyWhenASinkReadsThem() throws {
        let quietConsole = ConsoleSink(detail: .errors, output: try OutputFile(path: "/dev/null", mode: 0o600),
                                       style: ConsoleStyle(colours: false))
        let quiet = RecordingEventSink(recorder: Recorder(sinks: [quietConsole]))
        XCTAssertFalse(quiet.recordsHTTPExchange(failed: false))
        XCTAssertTrue(quiet.recordsHTTPExchange(failed: true))
        XCTAssertTrue(RecordingEventSink(recorder: Recorder(sinks: [CollectedRecords()])).recordsHTTPExchange(failed: false))
    }
}

private final class CollectedRecords: RecordSink, @unchecked Sendable {
    private let lock = NSLock()
    private var records: [Record] = []
    var all: [Record] { lock.withLock { records } }
    func write(_ record: Record) { lock.withLock { records.append(record) } }
    func close() {}
}
