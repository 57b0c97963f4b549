import NIOCore
import NIOEmbedded
import NIOHTTP1
import XCTest
@testable import Proxy

/// The front's request-head handling, without sockets.
final class FrontHandlerTests: XCTestCase {
    private var connectTargets: [ConnectTarget] = []
    private let events = RecordingEvents()

    private func makeChannel(mode: RequestRouter.Mode? = nil) throws -> EmbeddedChannel {
        let router = RequestRouter(mode: mode ?? .forwardProxy(LoopGuard(port: 8080, hosts: ["127.0.0.1", "localhost", "::1"])))
        let front = FrontHandler(router: router, headTimeout: .seconds(30), events: events, connectionID: 7) { [unowned self] _, target in
            self.connectTargets.append(target)
        }
        return EmbeddedChannel(handler: front)
    }

    /// Sends `head` with the Host a client gives it (the front's framing rules refuse an HTTP/1.1
    /// request without one), then `body`.
    private func send(_ channel: EmbeddedChannel, _ head: HTTPRequestHead, body: String? = nil) throws {
        var head = head
        if head.method != .CONNECT, !head.headers.contains(name: "host") {
            head.headers.add(name: "Host", value: AbsoluteFormHost.authority(of: head.uri) ?? "proxy.test")
        }
        try channel.writeInbound(HTTPServerRequestPart.head(head))
        if let body { try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(string: body))) }
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
    }

    private func routedHead(_ channel: EmbeddedChannel) throws -> RoutedRequest {
        guard case .head(let request)? = try channel.readInbound(as: RoutedRequestPart.self) else {
            XCTFail("no routed head")
            throw ChannelError.inappropriateOperationForState
        }
        return request
    }

    /// The status and body text of the response the front wrote itself.
    private func response(_ channel: EmbeddedChannel) throws -> (HTTPResponseStatus, String) {
        guard case .head(let head)? = try channel.readOutbound(as: HTTPServerResponsePart.self),
              case .body(.byteBuffer(let body))? = try channel.readOutbound(as: HTTPServerResponsePart.self),
              case .end? = try channel.readOutbound(as: HTTPServerResponsePart.self) else {
            XCTFail("no complete response")
            throw ChannelError.inappropriateOperationForState
        }
        return (head.status, String(buffer: body))
    }

    func testAbsoluteFormBecomesOriginFormWithHostAndWithoutHopByHopHeaders() throws {
        let channel = try makeChannel()
        let headers: HTTPHeaders = [
            "Host": "stale.example", "Connection": "keep-alive, X-Private", "X-Private": "secret",
            "Keep-Alive": "timeout=5", "Proxy-Connection": "keep-alive", "Proxy-Authorization": "Basic Zm9vOmJhcg==",
            "TE": "trailers", "Trailer": "X-Checksum", "Upgrade": "websocket", "Accept": "*/*", "X-Custom": "kept",
        ]
        try send(channel, HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://Example.com:8081/a/b?q=1#frag",
                                          headers: headers))
        let request = try routedHead(channel)
        XCTAssertEqual(request.head.uri, "/a/b?q=1")
        XCTAssertEqual(request.head.method, .GET)
        XCTAssertEqual(request.origin, ConnectTarget(host: "Example.com", port: 8081))
        XCTAssertEqual(request.url, "http://Example.com:8081/a/b?q=1")
        XCTAssertTrue(request.clientKeepAlive)
        XCTAssertEqual(request.head.headers.map(\.name).sorted(), ["Accept", "X-Custom", "host"])
        XCTAssertEqual(request.head.headers.first(name: "host"), "Example.com:8081")
        XCTAssertEqual(try channel.readInbound(as: RoutedRequestPart.self), .end(nil))
    }

    func testDefaultPortAndEmptyPath() throws {
        let channel = try makeChannel()
        try send(channel, HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://user@example.com",
                                          headers: ["Connection": "close"]))
        let request = try routedHead(channel)
        XCTAssertEqual(request.head.uri, "/")
        XCTAssertEqual(request.origin, ConnectTarget(host: "example.com", port: 80))
        XCTAssertEqual(request.head.headers.first(name: "host"), "example.com")
        XCTAssertFalse(request.clientKeepAlive)
    }

    func testChunkedBodyKeepsChunkedFramingAndStreams() throws {
        let channel = try makeChannel()
        try send(channel, HTTPRequestHead(version: .http1_1, method: .PUT, uri: "http://example.com/upload",
                                          headers: ["Transfer-Encoding": "chunked"]), body: "hello")
        let request = try routedHead(channel)
        XCTAssertEqual(request.head.headers["transfer-encoding"], ["chunked"])
        XCTAssertEqual(try channel.readInbound(as: RoutedRequestPart.self), .body(ByteBuffer(string: "hello")))
        XCTAssertEqual(try channel.readInbound(as: RoutedRequestPart.self), .end(nil))
    }

    func testOriginFormAtTheProxyIsRejectedWith400() throws {
        let channel = try makeChannel()
        try send(channel, HTTPRequestHead(version: .http1_1, method: .GET, uri: "/index.html"))
        let (status, text) = try response(channel)
        XCTAssertEqual(status, .badRequest)
        XCTAssertTrue(text.contains("this is a proxy, not a web server"), text)
        XCTAssertNil(try channel.readInbound(as: RoutedRequestPart.self))
        // A keep-alive request: the next request on the same connection is served.
        try send(channel, HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://example.com/"))
        XCTAssertEqual(try routedHead(channel).origin.host, "example.com")
    }

    func testHTTPSURLWithoutCONNECTIsRejected() throws {
        let channel = try makeChannel()
        try send(channel, HTTPRequestHead(version: .http1_1, method: .GET, uri: "https://example.com/"))
        let (status, text) = try response(channel)
        XCTAssertEqual(status, .badRequest)
        XCTAssertTrue(text.contains("only http:// URLs and CONNECT"), text)
    }

    func testRequestToTheProxyItselfIsALoop() throws {
        for uri in ["http://127.0.0.1:8080/", "http://LOCALHOST.:8080/x", "http://[::1]:8080/"] {
            let channel = try makeChannel()
            try send(channel, HTTPRequestHead(version: .http1_1, method: .GET, uri: uri))
            let (status, text) = try response(channel)
            XCTAssertEqual(status, .loopDetected, uri)
            XCTAssertTrue(text.contains("that is this proxy itself"), text)
        }
        let record = try XCTUnwrap(events.exchangeRecords.first)
        XCTAssertEqual(record.status, 508)
        XCTAssertEqual(record.connectionID, 7)
        XCTAssertEqual(record.error, "tlspeek: refusing to connect to 127.0.0.1:8080: that is this proxy itself (request loop)")
        let other = try makeChannel()
        try send(other, HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://127.0.0.1:8081/"))
        XCTAssertEqual(try routedHead(other).origin.port, 8081, "another port on localhost is fine")
    }

    func testConnectIsHandedOverAfterItsEnd() throws {
        let channel = try makeChannel()
        try channel.writeInbound(HTTPServerRequestPart.head(
            HTTPRequestHead(version: .http1_1, method: .CONNECT, uri: "example.com:443")))
        XCTAssertEqual(connectTargets, [])
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        XCTAssertEqual(connectTargets, [ConnectTarget(host: "example.com", port: 443)])
    }

    func testConnectLoopAndBadTarget() throws {
        let loop = try makeChannel()
        try send(loop, HTTPRequestHead(version: .http1_1, method: .CONNECT, uri: "localhost:8080"))
        XCTAssertEqual(try response(loop).0, .loopDetected)
        let bad = try makeChannel()
        try send(bad, HTTPRequestHead(version: .http1_1, method: .CONNECT, uri: "example.com"))
        XCTAssertEqual(try response(bad).0, .badRequest)
        XCTAssertEqual(connectTargets, [])
    }

    func testInsideATunnelOriginFormGoesToTheFixedOrigin() throws {
        let origin = ConnectTarget(host: "example.com", port: 8443)
        let channel = try makeChannel(mode: .origin(origin, scheme: "https"))
        try send(channel, HTTPRequestHead(version: .http1_1, method: .GET, uri: "/path",
                                          headers: ["Host": "example.com:8443", "Connection": "keep-alive"]))
        let request = try routedHead(channel)
        XCTAssertEqual(request.origin, origin)
        XCTAssertEqual(request.url, "https://example.com:8443/path")
        XCTAssertNil(request.head.headers.first(name: "connection"))
    }
}
