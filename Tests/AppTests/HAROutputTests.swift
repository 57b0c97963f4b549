import Foundation
import XCTest
@testable import App
import TestSupport

/// `--har` through the whole application: an intercepted exchange, then the orderly stop that
/// SIGINT/SIGTERM trigger, leaves a complete, valid HAR file.
final class HAROutputTests: XCTestCase {
    func testHARIsCompleteAndValidAfterStop() throws {
        let origin = try StaticTLSOrigin()
        let (pki, server) = (origin.pki, origin.server)
        let directory = try TemporaryDirectory()
        var settings = Settings()
        settings.listen = "127.0.0.1:0"
        settings.certs = directory.file("certs")
        settings.har = directory.file("session.har")
        settings.upstreamCA = [pki.caCertificatePath]
        settings.verbosity = .quiet
        let application = try ProxyApplication(settings: settings, environment: [:])
        try application.start()
        let port = try XCTUnwrap(application.port)
        let curl = try ChildProcess.run("curl", ["-sS", "--max-time", "30", "-x", "http://127.0.0.1:\(port)",
                                                 "--cacert", directory.file("certs/ca.pem"),
                                                 "https://localhost:\(server.port)/index.html"])
        XCTAssertEqual(curl.status, 0, curl.output)
        XCTAssertTrue(curl.output.hasSuffix("page\n"), curl.output)
        application.stop()

        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: settings.har!)))
        XCTAssertEqual(HARChecker(document: document).problems, [])
        let log = try XCTUnwrap((document as? [String: Any])?["log"] as? [String: Any])
        let entries = try XCTUnwrap(log["entries"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 1)
        let entry = try XCTUnwrap(entries.first)
        let request = try XCTUnwrap(entry["request"] as? [String: Any])
        XCTAssertEqual(request["url"] as? String, "https://localhost:\(server.port)/index.html")
        let content = try XCTUnwrap((entry["response"] as? [String: Any])?["content"] as? [String: Any])
        XCTAssertEqual(content["text"] as? String, "page\n")
        let tls = try XCTUnwrap(entry["_tls"] as? [String: Any])
        XCTAssertEqual((tls["records"] as? [String])?.count, 2)
        XCTAssertEqual(tls["version"] as? String, "TLSv1.3")
    }
}
