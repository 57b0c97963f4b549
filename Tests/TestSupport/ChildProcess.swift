import Foundation

/// A real peer program (openssl, curl, tshark, tlspeek) run by a test, with its output collected.
public final class ChildProcess: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let process = Process()
    private let stdinPipe = Pipe()
    private let lock = NSLock()
    private var collected = Data()
    public let commandLine: String

    /// Starts `executable` (looked up on PATH when not absolute) with `arguments`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                workingDirectory: String? = nil) throws {
        commandLine = ([executable] + arguments).joined(separator: " ")
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let outputPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = outputPipe
        process.standardInput = stdinPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    /// Everything the process printed so far (stdout and stderr interleaved).
    public var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits until the output contains a match of `pattern` (a regular expression) and returns the
    /// first capture group (or the whole match).
    @discardableResult
    public func waitForOutput(matching pattern: String, timeout: TimeInterval = 20) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = output
            if let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) {
                let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                return String(text[Range(range, in: text)!])
            }
            if !process.isRunning, output == text {
                throw Failure(description: "`\(commandLine)` exited (\(process.terminationStatus)) before printing /\(pattern)/; output:\n\(text)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw Failure(description: "`\(commandLine)` did not print /\(pattern)/ within \(timeout)s; output:\n\(output)")
    }

    public func writeToStandardInput(_ data: Data) {
        stdinPipe.fileHandleForWriting.write(data)
    }

    public func closeStandardInput() {
        try? stdinPipe.fileHandleForWriting.close()
    }

    /// Waits for the process to exit and returns its status; kills it after `timeout`.
    @discardableResult
    public func waitForExit(timeout: TimeInterval = 60) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { terminate() }
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.05) // let the readability handler drain the pipe
        return process.terminationStatus
    }

    /// Sends `signal` (SIGTERM by default) and waits for the exit.
    public func terminate(signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Runs a command to completion and returns its exit status and output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           input: Data? = nil, timeout: TimeInterval = 120) throws -> (status: Int32, output: String) {
        let child = try ChildProcess(executable, arguments, environment: environment)
        if let input { child.writeToStandardInput(input) }
        child.closeStandardInput()
        let status = child.waitForExit(timeout: timeout)
        return (status, child.output)
    }
}
