import Capture

/// The proxy's records as Capture `Record`s (`http`, `tunnel`, `error`), handed to the recorder.
public struct RecordingEventSink: ProxyEventSink {
    private let recorder: Recorder

    public init(recorder: Recorder) {
        self.recorder = recorder
    }

    public func recordsHTTPExchange(failed: Bool) -> Bool {
        recorder.wants(.http, failed: failed)
    }

    public func httpExchangeCompleted(_ record: HTTPExchangeRecord) {
        let time = record.timings?.started ?? .now()
        let inFull = recorder.wantsDetails(of: .http)
        // Headers, previews and decoding are built only when read, and off the event loop.
        recorder.record(.http, failed: record.error != nil) {
            Record(kind: .http, time: time, connection: record.connectionID,
                   fields: inFull ? HTTPRecordFields.fields(of: record) : HTTPRecordFields.summary(of: record))
        }
    }

    public func tunnelClosed(_ record: TunnelRecord) {
        guard recorder.wants(.tunnel, failed: record.error != nil) else { return }
        var fields: [(String, JSON)] = [
            ("host", .string(record.target.host)),
            ("port", .int(record.target.port)),
            ("bytes_from_client", .int(record.bytesUp)),
            ("bytes_from_server", .int(record.bytesDown)),
            ("reason", .string(record.reason)),
        ]
        if let error = record.error { fields.append(("error", .string(error))) }
        recorder.record(Record(kind: .tunnel, connection: record.connectionID, fields: fields))
    }

    public func errorOccurred(_ record: ProxyErrorRecord) {
        recorder.record(Record(kind: .error, connection: record.connectionID, fields: [
            ("stage", .string(record.stage)),
            ("host", JSON(record.target?.host)),
            ("port", record.target.map { .int($0.port) } ?? .null),
            ("message", .string(record.message)),
        ]))
    }
}
