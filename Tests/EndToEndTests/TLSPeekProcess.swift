import Foundation
import TestSupport

/// `tlspeek run` as a child process in its own temporary directory (its working directory, so no
/// `config/tlspeek.toml` of the checkout is picked up), with its own CA, JSONL log and key log.
final class TLSPeekProcess {
    let directory: TemporaryDirectory
    let port: Int
    private let child: ChildProcess

    var certsDirectory: String { directory.file("certs") }
    /// The CA certificate clients must trust to accept intercepted connections.
    var caCertificatePath: String { directory.file("certs/ca.pem") }
    var logPath: String { directory.file("flows.jsonl") }
    var keyLogPath: String { directory.file("keys.log") }
    /// The key log's lines so far ("" when tlspeek has not created the file).
    var keyLog: String { (try? String(contentsOfFile: keyLogPath, encoding: .utf8)) ?? "" }
    /// Everything tlspeek printed so far (stdout and stderr).
    var output: String { child.output }

    /// Starts tlspeek with `arguments` after the standard ones (listen on a free loopback port, certs,
    /// log and key log in `directory`); `standardArguments: false` passes `arguments` alone.
    init(_ arguments: [String] = [], standardArguments: Bool = true) throws {
        directory = try TemporaryDirectory(prefix: "tlspeek-e2e")
        let standard = ["--listen", "127.0.0.1:0", "--certs", directory.file("certs"),
                        "--log", directory.file("flows.jsonl"), "--keylog", directory.file("keys.log")]
        child = try ChildProcess(TLSPeekBinary.path, (standardArguments ? standard : []) + arguments,
                                 workingDirectory: directory.path)
        let portText = try child.waitForOutput(matching: #"listening on 127\.0\.0\.1:(\d+)"#)
        guard let port = Int(portText) else { throw ChildProcess.Failure(description: "no port in \(portText)") }
        self.port = port
    }

    /// Sends SIGINT (a user's Ctrl-C) and returns the exit status once tlspeek and its output are done.
    @discardableResult
    func stop() -> Int32 {
        if child.isRunning { kill(child.processIdentifier, SIGINT) }
        return child.waitForExit()
    }

    /// Stops tlspeek (the log is complete only after a clean stop) and parses its JSONL log.
    func stopAndReadLog() throws -> FlowLog {
        let status = stop()
        guard status == 0 else {
            throw ChildProcess.Failure(description: "tlspeek exited with \(status) on SIGINT; output:\n\(output)")
        }
        return try FlowLog(path: logPath)
    }
}
