import Foundation
import TestSupport

/// `openssl s_server -WWW` serving files from its own temporary directory (kept alive as long as
/// the server): an HTTPS origin that shares no code with tlspeek.
final class FileOrigin {
    let directory: TemporaryDirectory
    let server: OpenSSLServer
    var port: Int { server.port }

    /// `files` maps names to contents; `arguments` go to s_server (e.g. `-tls1_2`).
    init(leaf: TestPKI.Leaf, files: [String: String], arguments: [String] = []) throws {
        directory = try TemporaryDirectory(prefix: "tlspeek-www")
        for (name, contents) in files {
            try contents.write(toFile: directory.file(name), atomically: true, encoding: .utf8)
        }
        server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                   extraArguments: ["-WWW"] + arguments, directory: directory.path)
    }
}
