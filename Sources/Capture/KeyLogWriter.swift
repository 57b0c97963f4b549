import Foundation

/// Appends NSS key log lines (`CLIENT_RANDOM …`, `CLIENT_TRAFFIC_SECRET_0 …`) to the key log file.
///
/// The file is created 0600 (it holds secrets that decrypt traffic) and each line is written with
/// one `write(2)` on a background queue, so lines land whole and in order without blocking an
/// event loop; `flush()` waits for them (called as a handshake completes and at shutdown).
public final class KeyLogWriter: Sendable {
    private let queue = DispatchQueue(label: "tlspeek.keylog")
    private let file: OutputFile

    public init(path: String) throws {
        file = try OutputFile(path: path, mode: 0o600)
    }

    public var path: String { file.path }

    public func append(_ line: String) {
        queue.async { [file] in file.write(line + "\n") }
    }

    /// Blocks until every line appended so far is in the file.
    public func flush() {
        queue.sync {}
    }

    public func close() {
        queue.sync { file.close() }
    }
}
