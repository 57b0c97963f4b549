/// Whole records of text held for one `OutputFile`, written together with one `write(2)` when the
/// owner flushes (its recorder's queue ran dry) or once they pass `limit` bytes. A record is
/// never split across writes.
final class CoalescedOutput {
    /// How many bytes are held at most before they are written anyway.
    static let limit = 64 * 1024

    private let output: OutputFile
    private var held = ""

    init(_ output: OutputFile) {
        self.output = output
    }

    /// Holds one whole record (its lines, each ending in a newline).
    func append(_ record: String) {
        held += record
        if held.utf8.count >= Self.limit { flush() }
    }

    /// Writes what is held.
    func flush() {
        guard !held.isEmpty else { return }
        output.write(held)
        held.removeAll(keepingCapacity: true)
    }
}
