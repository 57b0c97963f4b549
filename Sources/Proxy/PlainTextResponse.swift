import NIOCore
import NIOHTTP1

/// A short text/plain answer from the proxy itself (400, 502, 508), e.g. "tlspeek: could not connect to …".
struct PlainTextResponse {
    let status: HTTPResponseStatus
    let message: String
    /// False adds `Connection: close` and ends the connection once the response is written, with a
    /// lingering close so that the client gets to read it.
    let keepAlive: Bool
    /// Whether the body is left out (the answer to a `HEAD`); `Content-Length` still gives its size.
    var omitsBody = false

    /// Writes head, body and end as `HTTPServerResponsePart`s from `context`, then flushes.
    func write(to context: ChannelHandlerContext) {
        let body = context.channel.allocator.buffer(string: message + "\n")
        var head = HTTPResponseHead(version: .http1_1, status: status)
        head.headers.add(name: "content-type", value: "text/plain; charset=utf-8")
        head.headers.add(name: "content-length", value: String(body.readableBytes))
        if !keepAlive { head.headers.add(name: "connection", value: "close") }
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        if !omitsBody { context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(body))), promise: nil) }
        let written = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
        if !keepAlive { LingeringCloseHandler.close(context, after: written) }
    }
}
