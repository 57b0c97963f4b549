import Foundation

/// Writes each record as one line of compact JSON to a file (appended) or to stdout (`-`).
public final class JSONLinesSink: RecordSink, @unchecked Sendable {
    // Only touched on the recorder's queue.
    private let output: OutputFile

    public init(path: String) throws {
        output = try OutputFile(path: path, mode: 0o644)
    }

    public func write(_ record: Record) {
        output.write(record.json.text + "\n")
    }

    public func close() {
        output.close()
    }
}
