import Foundation
import TestSupport

/// curl as the client, normally through a tlspeek proxy. Each URL's body goes to its own file and
/// curl's stderr to another, so stdout carries only the `-w` status codes and nothing interleaves.
final class Curl {
    struct Transfer {
        /// `%{http_code}`: "000" when no response arrived.
        let status: String
        /// Where curl wrote the body (read lazily: a test may download hundreds of MiB).
        let bodyPath: String
        /// Keeps `bodyPath` alive after the `Curl` that made it is gone.
        fileprivate let storage: TemporaryDirectory
        var body: Data { FileManager.default.contents(atPath: bodyPath) ?? Data() }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Result {
        let exitStatus: Int32
        let transfers: [Transfer]
        /// curl's stderr: errors with `-sS`, the whole conversation with `-v`.
        let diagnostics: String
        /// The response headers of every transfer (`-D`), lower-cased for matching.
        let headers: String
        var first: Transfer { transfers[0] }
        var status: String { first.status }
        var text: String { first.text }
    }

    private let baseArguments: [String]
    private let directory: TemporaryDirectory

    /// `proxyPort` nil = direct; `trust` is the only CA file curl accepts (`--cacert`).
    init(proxyPort: Int?, trust caCertificatePath: String?) throws {
        directory = try TemporaryDirectory(prefix: "tlspeek-curl")
        // --noproxy: a direct request must not pick up an http(s)_proxy from the environment.
        baseArguments = ["-sS"] + (proxyPort.map { ["-x", "http://127.0.0.1:\($0)"] } ?? ["--noproxy", "*"])
            + (caCertificatePath.map { ["--cacert", $0] } ?? [])
    }

    /// Fetches `urls` in one curl run (so over one kept-alive connection where possible) with the
    /// extra `arguments`; `input` is curl's whole standard input (for `-T -`).
    func fetch(_ urls: [String], _ arguments: [String] = [], input: Data? = nil) throws -> Result {
        let run = UUID().uuidString
        let bodies = urls.indices.map { directory.file("\(run)-body-\($0)") }
        let diagnostics = directory.file("\(run)-stderr")
        let headers = directory.file("\(run)-headers")
        let outputs = zip(urls, bodies).flatMap { [$0, "-o", $1] }
        let result = try ChildProcess.run("curl", baseArguments + arguments + ["--stderr", diagnostics, "-D", headers,
                                                                             "-w", "%{http_code}\\n"] + outputs,
                                          input: input)
        let statuses = result.output.split(separator: "\n").map(String.init)
        let transfers = bodies.enumerated().map { index, path in
            Transfer(status: index < statuses.count ? statuses[index] : "(none)", bodyPath: path, storage: directory)
        }
        return Result(exitStatus: result.status, transfers: transfers,
                      diagnostics: (try? String(contentsOfFile: diagnostics, encoding: .utf8)) ?? "",
                      headers: ((try? String(contentsOfFile: headers, encoding: .utf8)) ?? "").lowercased())
    }

    func fetch(_ url: String, _ arguments: [String] = [], input: Data? = nil) throws -> Result {
        try fetch([url], arguments, input: input)
    }
}
