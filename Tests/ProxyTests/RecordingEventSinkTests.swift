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

    /// The default console reads summaries of `http` records and prints the same line from them.
    func testTheConsoleLineFromASummaryIsTheLineFromTheFullRecord() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var exchange = HTTPExchangeRecord(connectionID: 4, method: "POST", url: "https://a.example/x?y=1", status: 404,
                                          requestBodyBytes: 3, responseBodyBytes: 1234, error: nil)
        exchange.requestHeaders = [HTTPField(name: "Host", value: "a.example")]
        exchange.responseHeaders = [HTTPField(name: "Content-Type", value: "text/html")]
        exchange.timings = ExchangeTimings(started: Timestamp(secondsSince1970: 1_796_051_445), blocked: 0.5, connect: 1.25,
                                           ssl: 2, send: 0.125, wait: 7.5, receive: 0.25)
        exchange.clientTLS = TLSLegReference(recordID: "4.client", version: "TLSv1.3")
        var failed = exchange
        failed.status = nil
        failed.error = "tlspeek: a.example failed before the response was complete: reset"
        var lines: [String] = []
        for inFull in [true, false] {
            let path = directory.appendingPathComponent("console-\(inFull).txt").path
            let console = ConsoleSink(detail: .exchanges, output: try OutputFile(path: path, mode: 0o600),
                                      style: ConsoleStyle(colours: false))
            let sinks: [any RecordSink] = inFull ? [console, CollectedRecords()] : [console]
            let recorder = Recorder(sinks: sinks)
            XCTAssertEqual(recorder.wantsDetails(of: .http), inFull)
            let sink = RecordingEventSink(recorder: recorder)
            sink.httpExchangeCompleted(exchange)
            sink.httpExchangeCompleted(failed)
            recorder.close()
            lines.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        XCTAssertEqual(lines[0], lines[1])
        XCTAssertTrue(lines[0].hasPrefix("#4 POST https://a.example/x?y=1 → 404 1234 B 10 ms [TLS1.3]\n"), lines[0])
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
