import Foundation
import TestSupport
import XCTest

/// curl → tlspeek → real TLS origins: the client sees a leaf minted by tlspeek's CA and the exact
/// bytes the origin sent; requests, bodies and connections show up in the JSONL log.
final class InterceptionTests: EndToEndTestCase {
    func testGetFileFromOpenSSLOriginWithCertificateFromTLSPeekCA() throws {
        let page = "<h1>hello through tlspeek</h1>\n"
        let server = try startFileOrigin(files: ["index.html": page])
        let proxy = try startProxy()

        let result = try curl(through: proxy).fetch("https://localhost:\(server.port)/index.html")
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.status, "200")
        XCTAssertEqual(result.text, page)

        // The certificate a second client (s_client through the same proxy) is shown.
        let leaf = try presentedLeaf(proxy: proxy, host: "localhost", port: server.port)
        let verified = try ChildProcess.run("openssl", ["verify", "-CAfile", proxy.caCertificatePath,
                                                        "-verify_hostname", "localhost", leaf])
        XCTAssertEqual(verified.status, 0, "not a localhost certificate from tlspeek's CA: \(verified.output)")
        let byTestCA = try ChildProcess.run("openssl", ["verify", "-CAfile", pki.caCertificatePath, leaf])
        XCTAssertNotEqual(byTestCA.status, 0, "the client saw the origin's own certificate")
        XCTAssertEqual(proxy.stop(), 0)
    }

    func testSeveralRequestsShareOneKeptAliveInterceptedConnection() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy()
        let base = "https://localhost:\(origin.port)"

        let result = try curl(through: proxy).fetch(["\(base)/hello", "\(base)/bytes/1000", "\(base)/hello"])
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.transfers.map(\.status), ["200", "200", "200"])
        XCTAssertEqual(result.transfers[0].text, "hello from the python origin\n")
        XCTAssertEqual(result.transfers[1].body.count, 1000)

        let log = try proxy.stopAndReadLog()
        let clientHandshakes = log.tls(leg: "client")
        XCTAssertEqual(clientHandshakes.count, 1, log.text)
        let exchanges = log.records(ofType: "http")
        XCTAssertEqual(exchanges.compactMap { $0["url"] as? String },
                       ["\(base)/hello", "\(base)/bytes/1000", "\(base)/hello"], log.text)
        let connection = clientHandshakes.first?["connection"] as? Int
        XCTAssertNotNil(connection)
        XCTAssertEqual(exchanges.map { $0["connection"] as? Int }, Array(repeating: connection, count: 3), log.text)
    }

    func testPostWithContentLengthIsEchoed() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy()
        let body = "name=tlspeek&payload=" + String(repeating: "x", count: 100_000)

        let result = try curl(through: proxy).fetch("https://localhost:\(origin.port)/echo", ["--data-binary", body])
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.status, "200")
        XCTAssertTrue(result.text == body, "the echoed body differs (\(result.first.body.count) bytes)")
        XCTAssertTrue(result.headers.contains("x-body-framing: length"), result.headers)
        XCTAssertTrue(result.headers.contains("x-body-sha256: \(try SHA256Sum.data(Data(body.utf8)))"), result.headers)

        let exchange = try XCTUnwrap(try proxy.stopAndReadLog().records(ofType: "http").first)
        XCTAssertEqual(exchange["method"] as? String, "POST")
        XCTAssertEqual(exchange["request_body_bytes"] as? Int, body.utf8.count)
    }

    func testChunkedUploadFromAPipeIsEchoed() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy()
        // curl -T - reads standard input of unknown length, so it sends the body chunked.
        let payload = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

        let result = try curl(through: proxy).fetch("https://localhost:\(origin.port)/upload", ["-T", "-"], input: payload)
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.status, "200")
        XCTAssertTrue(result.first.body == payload, "the echoed body differs (\(result.first.body.count) bytes)")
        XCTAssertTrue(result.headers.contains("x-body-framing: chunked"), result.headers)
        XCTAssertTrue(result.headers.contains("x-body-sha256: \(try SHA256Sum.data(payload))"), result.headers)
        XCTAssertEqual(proxy.stop(), 0)
    }

    func test256MiBDownloadArrivesIntact() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy()
        let size = 256 * 1024 * 1024

        let result = try curl(through: proxy).fetch("https://localhost:\(origin.port)/bytes/\(size)")
        XCTAssertEqual(result.exitStatus, 0, result.diagnostics)
        XCTAssertEqual(result.status, "200")
        XCTAssertEqual(try SHA256Sum.file(result.first.bodyPath), PythonOrigin.digestOf256MiB)

        let exchange = try XCTUnwrap(try proxy.stopAndReadLog().records(ofType: "http").first)
        XCTAssertEqual(exchange["status"] as? Int, 200)
        XCTAssertEqual(exchange["response_body_bytes"] as? Int, size)
    }

    /// The leaf certificate tlspeek presents for `host`, fetched with `openssl s_client -proxy`, as a PEM file.
    private func presentedLeaf(proxy: TLSPeekProcess, host: String, port: Int) throws -> String {
        let result = try ChildProcess.run("openssl", ["s_client", "-proxy", "127.0.0.1:\(proxy.port)",
                                                      "-connect", "\(host):\(port)", "-servername", host, "-showcerts"])
        guard let start = result.output.range(of: "-----BEGIN CERTIFICATE-----"),
              let end = result.output.range(of: "-----END CERTIFICATE-----", range: start.upperBound..<result.output.endIndex) else {
            throw ChildProcess.Failure(description: "s_client printed no certificate:\n\(result.output)")
        }
        let path = proxy.directory.file("presented-\(host).pem")
        try (String(result.output[start.lowerBound..<end.upperBound]) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
