import Capture
import Foundation

/// A record sink that keeps every record written to it, for tests to inspect.
final class CollectingSink: RecordSink, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [Record] = []

    func write(_ record: Record) { lock.withLock { kept.append(record) } }
    func close() {}

    var records: [Record] { lock.withLock { kept } }
}
