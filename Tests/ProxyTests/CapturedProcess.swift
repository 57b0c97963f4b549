import Foundation

/// A peer program whose output goes to a file, so that all of it is there once the process has
/// exited (a pipe read by a background handler may still be draining at that point).
final class CapturedProcess: @unchecked Sendable {
    private let process = Process()
    private let outputURL = URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("tlspeek-proxy-test-\(UUID().uuidString).out")

    /// Starts `executable` (looked up on PATH) with `arguments`; `input` is its whole standard input.
    init(_ executable: String, _ arguments: [String], input: Data? = nil) throws {
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: outputURL.path])
        }
        let output = try FileHandle(forWritingTo: outputURL)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        try output.close()
        if let input { try stdin.fileHandleForWriting.write(contentsOf: input) }
        try stdin.fileHandleForWriting.close()
    }

    /// Waits for the exit; returns the status and everything printed (stdout and stderr).
    func wait() throws -> (status: Int32, output: String) {
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: outputURL) }
        return (process.terminationStatus, try String(contentsOf: outputURL, encoding: .utf8))
    }

    /// Runs a command to completion.
    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
        try CapturedProcess(executable, arguments, input: input).wait()
    }
}
