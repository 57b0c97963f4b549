import NIOCore
import NIOEmbedded
import XCTest
@testable import Proxy

/// tlspeek's own error pages quote what came from the network (a host name, a header) as
/// `text/plain`, so a browser never interprets it as HTML.
final class ErrorPageEscapingTests: XCTestCase {
    func testA502ForAHostWithHTMLIsPlainText() throws {
        // The origin a relay connects to comes from the CONNECT target (a Host header like it is a 400).
        let host = "<script>alert(1)</script>.test"
        let loop = EmbeddedEventLoop()
        let client = try EmbeddedOriginRelay.client(on: loop, origin: ConnectTarget(host: host, port: 80),
                                                    connector: UnreachableOrigin(), events: NoProxyEvents())
        try client.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: origin.test\r\n\r\n"))
        loop.run()
        var response = ""
        while let bytes = try client.readOutbound(as: ByteBuffer.self) { response += String(buffer: bytes) }
        let parts = response.components(separatedBy: "\r\n\r\n")
        let head = parts[0].lowercased().components(separatedBy: "\r\n")
        XCTAssertEqual(head.first, "http/1.1 502 bad gateway", response)
        XCTAssertEqual(head.filter { $0.hasPrefix("content-type:") }, ["content-type: text/plain; charset=utf-8"], response)
        XCTAssertTrue(parts.dropFirst().joined().contains("could not connect to \(host):80"), response)
    }
}

/// Every connection attempt times out.
private struct UnreachableOrigin: UpstreamConnector {
    func connect(to target: ConnectTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection> {
        eventLoop.makeFailedFuture(ChannelError.connectTimeout(.seconds(1)))
    }
}
