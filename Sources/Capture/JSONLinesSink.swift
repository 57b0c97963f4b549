import Foundation

/// Writes each record as one line of compact JSON to a file (appended) or to stdout (`-`); the
/// lines of a burst go out together when the recorder's queue runs dry.
public final class JSONLinesSink: RecordSink, @unchecked Sendable {
    // Only touched on the recorder's queue.
    private let file: OutputFile
    private let output: CoalescedOutput

    public init(path: String) throws {
        file = try OutputFile(path: path, mode: 0o644)
        output = CoalescedOutput(file)
    }

    public func write(_ record: Record) {
        output.append(record.json.text + "\n")
    }

    public func flush() {
        output.flush()
    }

    public func close() {
        output.flush()
        file.close()
    }
}
