import Foundation

/// The write end of the pipe the SIGINT/SIGTERM handler wakes the main thread through (a signal
/// handler can reach nothing but globals, and `write(2)` is async-signal-safe).
nonisolated(unsafe) private var shutdownPipeWriteEnd: Int32 = -1

/// SIGINT/SIGTERM as a wake-up for the main thread. Created before the proxy starts listening and
/// with plain handlers, which take effect at once: a signal sent as soon as "listening on …"
/// appears is a clean stop. (A dispatch signal source needed SIG_IGN first, and a signal arriving
/// before the source was armed was lost, leaving the proxy running.)
final class ShutdownSignal {
    private let readEnd: Int32

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "pipe: \(String(cString: strerror(errno)))"])
        }
        readEnd = ends[0]
        shutdownPipeWriteEnd = ends[1]
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in
                var byte: UInt8 = 1
                _ = write(shutdownPipeWriteEnd, &byte, 1)
            }
        }
    }

    /// Blocks until SIGINT or SIGTERM arrives (or arrived since `init`).
    func wait() {
        var byte: UInt8 = 0
        while read(readEnd, &byte, 1) < 0, errno == EINTR {}
    }
}
