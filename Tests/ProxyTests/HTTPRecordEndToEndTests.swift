import Capture
import CertificateAuthority
import Foundation
import XCTest
@testable import Proxy
import TestSupport

/// Real curl through a real `ProxyServer`: what `http` records carry (headers, previews, timings,
/// TLS record ids).
final class HTTPRecordEndToEndTests: XCTestCase {
    func testRecordHasHeadersPreviewsAndTimings() throws {
        let proxy = try ProxyHarness()
        let origin = try TestOrigin(group: proxy.group, name: "origin-a")
        let url = "http://127.0.0.1:\(origin.port)"
        // Two requests on one connection: the second reuses the upstream.
        let result = try proxy.curl(["-H", "Cookie: a=1", "--data-binary", "name=tlspeek", "\(url)/echo",
                                     "--next", "-x", proxy.proxyURL, "\(url)/hello"])
        XCTAssertEqual(result.status, 0, result.output)
        let records = try proxy.events.waitForExchanges(2)
        let post = records[0], get = records[1]
        XCTAssertEqual(post.httpVersion, "HTTP/1.1")
        XCTAssertTrue(post.requestHeaders.contains(HTTPField(name: "Cookie", value: "a=1")), "\(post.requestHeaders)")
        XCTAssertEqual(post.requestBody.bytes, Array("name=tlspeek".utf8))
        XCTAssertEqual(post.responseBody.bytes, Array("name=tlspeek".utf8))
        XCTAssertEqual(post.responseHTTPVersion, "HTTP/1.1")
        XCTAssertEqual(post.statusText, "OK")
        XCTAssertTrue(post.responseHeaders.contains(HTTPField(name: "transfer-encoding", value: "chunked")))
        XCTAssertEqual(post.serverIP, "127.0.0.1")
        XCTAssertNil(post.clientTLS)
        XCTAssertNil(post.upstreamTLS)
        let opened = try XCTUnwrap(post.timings)
        XCTAssertGreaterThanOrEqual(opened.connect, 0, "a fresh connection has a connect time")
        XCTAssertEqual(opened.ssl, -1)
        XCTAssertEqual(opened.dns, -1)
        for phase in [opened.blocked, opened.send, opened.wait, opened.receive] { XCTAssertGreaterThanOrEqual(phase, 0) }
        XCTAssertEqual(opened.total, opened.blocked + opened.connect + opened.send + opened.wait + opened.receive,
                       accuracy: 0.000_001)
        XCTAssertEqual(try XCTUnwrap(get.timings).connect, -1, "a reused connection has no connect time")
        let old = try proxy.curl(["--http1.0", "\(url)/hello"])
        XCTAssertEqual(old.status, 0, old.output)
        XCTAssertEqual(try proxy.events.waitForExchanges(3)[2].httpVersion, "HTTP/1.0", "the client's version")

        let fields = Record(kind: .http, connection: get.connectionID, fields: HTTPRecordFields.fields(of: get))
        XCTAssertEqual(fields["content_type"], "text/plain")
        XCTAssertEqual(fields["response_body"], ["text": "hello from origin-a\n", "truncated": false])
        XCTAssertNil(fields["request_body"], "no body, no preview")
        XCTAssertEqual(fields["tls"], [])
        guard case .array(let headers)? = fields["response_headers"] else { return XCTFail("no response headers") }
        XCTAssertEqual(headers.first, ["name": "content-length", "value": "20"])
        guard case .object(let timings)? = fields["timings"] else { return XCTFail("no timings") }
        XCTAssertEqual(timings.map(\.0), ["started", "blocked", "dns", "connect", "ssl", "send", "wait", "receive", "total"])
    }

    func testTenMebibyteBinaryResponseHasACappedBase64Preview() throws {
        let directory = try TemporaryDirectory()
        let source = directory.file("source.bin")
        let made = try CapturedProcess.run("sh", ["-c", "head -c 10485760 /dev/urandom > \(source)"])
        XCTAssertEqual(made.status, 0, made.output)
        let proxy = try ProxyHarness()
        let origin = try TestOrigin(group: proxy.group, name: "files", filePath: source)
        let result = try proxy.curl(["-o", "/dev/null", "-w", "%{size_download}", "http://127.0.0.1:\(origin.port)/file"])
        XCTAssertEqual(result.output, "10485760")
        let record = try XCTUnwrap(proxy.events.waitForExchanges(1).first)
        XCTAssertEqual(record.responseBodyBytes, 10_485_760)
        XCTAssertEqual(record.responseBody.bytes.count, BodyPreview.capacity)
        XCTAssertTrue(record.responseBody.truncated)
        let start = try FileHandle(forReadingFrom: URL(fileURLWithPath: source)).readData(ofLength: BodyPreview.capacity)
        let body = Record(kind: .http, connection: 1, fields: HTTPRecordFields.fields(of: record))["response_body"]
        XCTAssertEqual(body, ["text": .string(start.base64EncodedString()), "encoding": "base64", "truncated": true])
    }

    /// Real `TLSInterception` to `openssl s_server`: the record cites both legs' `tls` records.
    func testInterceptedExchangeCitesTheTLSRecordsItRodeOn() throws {
        let origin = try StaticTLSOrigin()
        let (pki, server) = (origin.pki, origin.server)
        let certs = try TemporaryDirectory()
        let (authority, _) = try CertificateAuthority.loadOrCreate(directory: certs.path)
        let tlsRecords = CollectingSink()
        let recorder = Recorder(sinks: [tlsRecords])
        let interception = try TLSInterception(
            leafCache: LeafCache(minter: LeafMinter(authority: authority)), upstreamAnchors: [pki.caCertificatePath],
            insecure: false, output: InterceptionOutput(recorder: recorder, keyLog: nil), events: NoProxyEvents())
        let proxy = try ProxyHarness { $0.interceptor = interception }
        let result = try proxy.curl(["--cacert", authority.files.certificate, "https://localhost:\(server.port)/index.html"])
        XCTAssertEqual(result.status, 0, result.output)
        let record = try XCTUnwrap(proxy.events.waitForExchanges(1).first)
        recorder.drain()
        let ids = tlsRecords.records.filter { $0.kind == .tls }.compactMap { record -> String? in
            if case .string(let id)? = record["id"] { return id }
            return nil
        }
        let client = try XCTUnwrap(record.clientTLS), upstream = try XCTUnwrap(record.upstreamTLS)
        XCTAssertEqual(client.recordID, "\(record.connectionID).client")
        XCTAssertEqual(upstream.recordID, "\(record.connectionID).upstream.1")
        XCTAssertEqual(Set(ids), [client.recordID, upstream.recordID])
        XCTAssertEqual(client.version, "TLSv1.3")
        XCTAssertEqual(record.responseBody.bytes, Array("page\n".utf8))
        let timings = try XCTUnwrap(record.timings)
        XCTAssertGreaterThanOrEqual(timings.ssl, 0, "the eagerly opened upstream's handshake belongs to the first exchange")
        XCTAssertGreaterThanOrEqual(timings.connect, timings.ssl, "connect includes ssl, as in HAR")
        let fields = Record(kind: .http, connection: record.connectionID, fields: HTTPRecordFields.fields(of: record))
        XCTAssertEqual(fields["tls"], .array([.string(client.recordID), .string(upstream.recordID)]))
        XCTAssertEqual(fields["tls_version"], "TLSv1.3")
    }
}
