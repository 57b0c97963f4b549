import Foundation

/// `openssl s_server` on 127.0.0.1 with a kernel-chosen port: an independent TLS endpoint.
public final class OpenSSLServer: @unchecked Sendable {
    public let process: ChildProcess
    public let port: Int

    /// `extraArguments` e.g. ["-WWW"], ["-tls1_2"], ["-rev"]. `directory` is the working directory
    /// (s_server -WWW serves files from it).
    public init(certificatePath: String, keyPath: String, extraArguments: [String] = [],
                directory: String? = nil) throws {
        process = try ChildProcess("openssl", ["s_server", "-accept", "127.0.0.1:0", "-cert", certificatePath,
                                                "-key", keyPath] + extraArguments,
                                   workingDirectory: directory)
        let text = try process.waitForOutput(matching: #"ACCEPT [^\n]*:(\d+)"#)
        guard let port = Int(text) else { throw ChildProcess.Failure(description: "no port in \(text)") }
        self.port = port
    }

    deinit { process.terminate(signal: SIGKILL) }
}
