import Foundation

/// Writes `http` records as a HAR 1.2 file, streamed: the log's opening when created, each entry
/// as its record arrives, the closing brackets in `close()`. Memory stays flat however long the
/// session, and the file is complete and valid after a clean stop (not after a crash). The entries
/// of a burst go out together when the recorder's queue runs dry.
public final class HARSink: RecordSink, @unchecked Sendable {
    // Only touched on the recorder's queue.
    private let file: OutputFile
    private let output: CoalescedOutput
    private var entryCount = 0
    private var closed = false

    /// Creates (or empties) `path` and writes the log's opening; `version` names tlspeek's version.
    public init(path: String, version: String) throws {
        file = try OutputFile(path: path, mode: 0o644, truncate: true)
        output = CoalescedOutput(file)
        let creator = JSON.object([("name", "tlspeek"), ("version", .string(version))])
        file.write("{\"log\":{\"version\":\"1.2\",\"creator\":\(creator.text),\"pages\":[],\"entries\":[")
    }

    /// HAR holds HTTP exchanges only.
    public var interest: RecordInterest { RecordInterest([.http: .all]) }

    public func write(_ record: Record) {
        guard !closed, let entry = HAREntry(record) else { return }
        output.append((entryCount == 0 ? "\n" : ",\n") + entry.json.text)
        entryCount += 1
    }

    public func flush() {
        output.flush()
    }

    public func close() {
        guard !closed else { return }
        closed = true
        output.append("\n]}}\n")
        output.flush()
        file.close()
    }
}
