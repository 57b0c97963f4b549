import Foundation
import TestSupport

/// SHA-256 digests from coreutils' `sha256sum`, so the tests need no crypto library of their own.
enum SHA256Sum {
    /// Lower-case hex digest of the file at `path`.
    static func file(_ path: String) throws -> String {
        try digest(ChildProcess.run("sha256sum", [path]))
    }

    /// Lower-case hex digest of `data`.
    static func data(_ data: Data) throws -> String {
        try digest(ChildProcess.run("sha256sum", [], input: data))
    }

    private static func digest(_ result: (status: Int32, output: String)) throws -> String {
        guard result.status == 0, let hex = result.output.split(separator: " ").first, hex.count == 64 else {
            throw ChildProcess.Failure(description: "sha256sum failed: \(result.output)")
        }
        return String(hex)
    }
}
