import Foundation
import TestSupport
import XCTest

/// `--config FILE`: its keys act like flags, and a mistake in it stops tlspeek with a clear message.
final class ConfigFileTests: EndToEndTestCase {
    private var configDirectory: TemporaryDirectory!

    override func setUpWithError() throws {
        try super.setUpWithError()
        configDirectory = try TemporaryDirectory(prefix: "tlspeek-config")
    }

    override func tearDown() {
        configDirectory = nil
        super.tearDown()
    }

    func testListenAndIgnoreHostsFromConfigFile() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let config = try writeConfig("""
            # written by ConfigFileTests
            listen = "127.0.0.1:0"
            ignore-hosts = ["localhost"]
            """)
        // No --listen flag: the port comes from the file (the default 8080 would not print a free port).
        let proxy = try TLSPeekProcess(["--config", config, "--certs", "certs", "--log", "flows.jsonl"],
                                       standardArguments: false)

        // Ignored, so a client that trusts only the origin's CA gets through.
        let result = try Curl(proxyPort: proxy.port, trust: pki.caCertificatePath).fetch("https://localhost:\(origin.port)/hello")
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.status, "200")
        let log = try proxy.stopAndReadLog()
        XCTAssertEqual(log.records(ofType: "tunnel").count, 1, log.text)
    }

    func testUnknownKeyIsRejectedNamingKeyAndFile() throws {
        let config = try writeConfig("""
            listen = "127.0.0.1:0"
            colour = "always"
            """)
        let result = try ChildProcess.run(TLSPeekBinary.path, ["--config", config, "--certs", configDirectory.file("certs")])
        XCTAssertNotEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("colour"), "the message does not name the key:\n\(result.output)")
        XCTAssertTrue(result.output.contains(config), "the message does not name the file:\n\(result.output)")
        XCTAssertFalse(result.output.contains("listening on"), result.output)
    }

    private func writeConfig(_ text: String) throws -> String {
        let path = configDirectory.file("tlspeek.toml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
