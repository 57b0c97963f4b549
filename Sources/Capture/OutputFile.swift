import Foundation

/// An append-only file (or stdout for `-`) written with whole-line `write(2)` calls; or, for a
/// file that must hold one document (HAR), a file emptied when opened.
///
/// One `write` per line on an `O_APPEND` descriptor keeps lines whole even when several
/// processes append to the same file (as with a shared `SSLKEYLOGFILE`).
public final class OutputFile: @unchecked Sendable {
    public struct OpenError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot open \(path): \(reason)" }
    }

    private var descriptor: Int32
    private let ownsDescriptor: Bool
    public let path: String

    /// Opens `path` for appending (or, with `truncate`, emptied), creating it with `mode` (the umask
    /// does not widen it); `-` means standard output.
    public init(path: String, mode: mode_t, truncate: Bool = false) throws {
        self.path = path
        if path == "-" {
            descriptor = STDOUT_FILENO
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0), mode)
        guard fd >= 0 else { throw OpenError(path: path, reason: String(cString: strerror(errno))) }
        descriptor = fd
        ownsDescriptor = true
    }

    /// Writes `text` with as few `write` calls as the kernel allows (normally one).
    public func write(_ text: String) {
        guard descriptor >= 0 else { return }
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    public func close() {
        if ownsDescriptor, descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}
