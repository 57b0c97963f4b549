import Foundation

/// Where records go: a JSON Lines file, the console, a HAR file.
public protocol RecordSink: AnyObject, Sendable {
    /// The records this sink reads; others need not be built for it.
    var interest: RecordInterest { get }
    /// Called on the recorder's queue, one record at a time.
    func write(_ record: Record)
    /// Called once on the recorder's queue when the proxy stops; must leave files complete.
    func close()
}

extension RecordSink {
    /// Sinks read every record unless they say otherwise.
    public var interest: RecordInterest { .everything }
}

/// Fans records out to sinks on one background queue, so producers on event loops never block on
/// I/O — nor spend time building records no sink reads (see `wants`).
public final class Recorder: Sendable {
    private let queue = DispatchQueue(label: "tlspeek.recorder")
    private let sinks: [any RecordSink]
    /// What the sinks read together.
    public let interest: RecordInterest

    public init(sinks: [any RecordSink]) {
        self.sinks = sinks
        interest = sinks.reduce(RecordInterest.nothing) { $0.union($1.interest) }
    }

    /// Whether any sink reads a record of `kind` that did (or did not) fail.
    public func wants(_ kind: Record.Kind, failed: Bool) -> Bool {
        interest.wants(kind, failed: failed)
    }

    /// Queues `record` for every sink that reads it and returns at once.
    public func record(_ record: Record) {
        guard !sinks.isEmpty else { return }
        queue.async { [sinks] in
            for sink in sinks { sink.write(record) }
        }
    }

    /// Builds the record on the recorder's queue — off the event loop — and only if a sink reads
    /// its kind; `build` runs at most once.
    public func record(_ kind: Record.Kind, failed: Bool, build: @escaping @Sendable () -> Record) {
        guard wants(kind, failed: failed) else { return }
        queue.async { [sinks] in
            let record = build()
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
