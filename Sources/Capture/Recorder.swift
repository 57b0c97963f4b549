import Foundation
import Synchronization

/// Where records go: a JSON Lines file, the console, a HAR file.
public protocol RecordSink: AnyObject, Sendable {
    /// The records this sink reads; others need not be built for it.
    var interest: RecordInterest { get }
    /// Called on the recorder's queue, one record at a time.
    func write(_ record: Record)
    /// Called on the recorder's queue when no record is waiting: output held back to coalesce
    /// writes goes out now, so a record never waits for the next one.
    func flush()
    /// Called once on the recorder's queue when the proxy stops; must leave files complete.
    func close()
}

extension RecordSink {
    /// Sinks read every record unless they say otherwise.
    public var interest: RecordInterest { .everything }

    /// Sinks that write each record at once hold nothing back.
    public func flush() {}
}

/// Fans records out to sinks on one background queue, so producers on event loops never block on
/// I/O — nor spend time building records no sink reads (see `wants`).
///
/// Records wait in a backlog that the queue empties in one go: a burst of records costs one hop to
/// the queue (not one per record), and sinks flush once per burst. `deferHop` may hold that hop
/// back briefly so that a burst gathers (the proxy: until its event loop finishes the current tick).
public final class Recorder: Sendable {
    private typealias Build = @Sendable () -> Record

    /// Records not yet handed to the sinks, and whether the queue has been asked to take them.
    private struct Backlog {
        var builds: [Build] = []
        var scheduled = false
    }

    private let queue = DispatchQueue(label: "tlspeek.recorder")
    private let backlog = Mutex(Backlog())
    private let sinks: [any RecordSink]
    private let deferHop: @Sendable (@escaping @Sendable () -> Void) -> Void
    /// What the sinks read together.
    public let interest: RecordInterest

    /// `deferHop` runs the hop to the queue it is given, at once or a little later (but surely).
    public init(sinks: [any RecordSink], deferHop: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void = { $0() }) {
        self.sinks = sinks
        self.deferHop = deferHop
        interest = sinks.reduce(RecordInterest.nothing) { $0.union($1.interest) }
    }

    /// Whether any sink reads a record of `kind` that did (or did not) fail.
    public func wants(_ kind: Record.Kind, failed: Bool) -> Bool {
        interest.wants(kind, failed: failed)
    }

    /// Whether any sink reads records of `kind` in full, not only their summary.
    public func wantsDetails(of kind: Record.Kind) -> Bool {
        interest.wantsDetails(of: kind)
    }

    /// Queues `record` for every sink that reads it and returns at once.
    public func record(_ record: Record) {
        guard !sinks.isEmpty else { return }
        enqueue { record }
    }

    /// Builds the record on the recorder's queue — off the event loop — and only if a sink reads
    /// its kind; `build` runs at most once.
    public func record(_ kind: Record.Kind, failed: Bool, build: @escaping @Sendable () -> Record) {
        guard wants(kind, failed: failed) else { return }
        enqueue(build)
    }

    /// Writes everything queued so far, then closes every sink. Blocks until done.
    public func close() {
        queue.sync {
            writeBacklog()
            for sink in sinks { sink.close() }
        }
    }

    /// Blocks until every record queued so far has been written (tests, flush points).
    public func drain() {
        queue.sync { writeBacklog() }
    }

    /// Adds to the backlog; only the first record after the queue went idle schedules its emptying.
    private func enqueue(_ build: @escaping Build) {
        let schedule = backlog.withLock { backlog in
            backlog.builds.append(build)
            defer { backlog.scheduled = true }
            return !backlog.scheduled
        }
        if schedule { deferHop { self.queue.async { self.writeBacklog() } } }
    }

    /// On the queue: hands records to the sinks, in order, until none is waiting; then the sinks flush.
    private func writeBacklog() {
        while true {
            let builds = backlog.withLock { backlog in
                let builds = backlog.builds
                backlog.builds = []
                if builds.isEmpty { backlog.scheduled = false }
                return builds
            }
            if builds.isEmpty { break }
            for build in builds {
                let record = build()
                for sink in sinks { sink.write(record) }
            }
        }
        for sink in sinks { sink.flush() }
    }
}
