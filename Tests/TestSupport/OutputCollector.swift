import Foundation

/// Reads a child's output pipe to end of file on a thread of its own and keeps what it read.
///
/// A blocking read loop rather than `FileHandle.readabilityHandler`: on Linux that handler can miss
/// the end of file, so a test could never tell that it has all of a process's output.
final class OutputCollector: @unchecked Sendable {
    /// Guards `data` and `ended`; broadcast on every change.
    private let condition = NSCondition()
    private var data = Data()
    private var ended = false
    private let handle: FileHandle

    /// Starts reading `handle` (the read end of a pipe whose write end the caller has closed).
    init(reading handle: FileHandle) {
        self.handle = handle
        Thread.detachNewThread { [self] in readToEnd() }
    }

    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Blocks until end of file or `deadline`; true when the output is complete.
    @discardableResult
    func waitForEnd(until deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !ended, condition.wait(until: deadline) {}
        return ended
    }

    private func readToEnd() {
        while true {
            let chunk = handle.availableData  // blocks; empty only at end of file
            condition.lock()
            if chunk.isEmpty { ended = true } else { data.append(chunk) }
            condition.broadcast()
            condition.unlock()
            if chunk.isEmpty { return }
        }
    }
}
