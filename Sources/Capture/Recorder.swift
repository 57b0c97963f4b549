import Foundation

/// Where records go: a JSON Lines file, the console, a HAR file.
public protocol RecordSink: AnyObject, Sendable {
    /// Called on the recorder's queue, one record at a time.
    func write(_ record: Record)
    /// Called once on the recorder's queue when the proxy stops; must leave files complete.
    func close()
}

/// Fans records out to sinks on one background queue, so producers on event loops never block on I/O.
public final class Recorder: Sendable {
    private let queue = DispatchQueue(label: "tlspeek.recorder")
    private let sinks: [any RecordSink]

    public init(sinks: [any RecordSink]) {
        self.sinks = sinks
    }

    /// Queues `record` for every sink and returns at once.
    public func record(_ record: Record) {
        guard !sinks.isEmpty else { return }
        queue.async { [sinks] in
            for sink in sinks { sink.write(record) }
        }
    }

    /// Writes everything queued so far, then closes every sink. Blocks until done.
    public func close() {
        queue.sync {
            for sink in sinks { sink.close() }
        }
    }

    /// Blocks until every record queued so far has been written (tests, flush points).
    public func drain() {
        queue.sync {}
    }
}
