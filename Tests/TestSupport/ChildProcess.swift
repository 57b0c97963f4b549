import Foundation

/// A real peer program (openssl, curl, tshark, tlspeek) run by a test, with its output collected.
public final class ChildProcess: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    private let process = Process()
    private let stdinPipe = Pipe()
    private let collector: OutputCollector
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
        try process.run()
        // Our copy of the write end would keep the pipe from ever reaching end of file.
        try outputPipe.fileHandleForWriting.close()
        collector = OutputCollector(reading: outputPipe.fileHandleForReading)
    }

    /// Everything the process printed so far (stdout and stderr interleaved).
    public var output: String { collector.text }

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
        waitForEndOfOutput()
        return process.terminationStatus
    }

    /// Blocks until the output pipe reports end of file, so `output` is complete. Bounded because a
    /// grandchild that inherited the pipe (e.g. tshark's dumpcap) may keep it open after the exit.
    private func waitForEndOfOutput(timeout: TimeInterval = 10) {
        collector.waitForEnd(until: Date().addingTimeInterval(timeout))
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
