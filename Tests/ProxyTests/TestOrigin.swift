import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 origin on 127.0.0.1 (kernel-chosen port) for end-to-end tests.
///
/// Routes: `/hello`, `/headers` (echoes the request line and headers as text), `/echo` (echoes the
/// body, chunked; answers `Expect: 100-continue`), `/file` (streams `filePath` with back-pressure), `/close-delimited` (no length,
/// ends by closing), `/then-drop-next` (closes the connection on the next request), `/empty` (204).
final class TestOrigin: @unchecked Sendable {
    let channel: any Channel
    let port: Int

    init(group: any EventLoopGroup, name: String, filePath: String? = nil) throws {
        var configuration = HTTPResponseEncoder.Configuration()
        configuration.automaticallySetFramingHeaders = false
        let encoder = configuration
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withEncoderConfiguration: encoder)
                    try channel.pipeline.syncOperations.addHandler(OriginHandler(name: name, filePath: filePath))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
    }

    deinit { try? channel.close().wait() }
}

private final class OriginHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let name: String
    private let filePath: String?
    private var request: HTTPRequestHead?
    private var body = ByteBuffer()
    private var file: FileHandle?
    private var dropNextRequest = false

    init(name: String, filePath: String?) {
        self.name = name
        self.filePath = filePath
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head where dropNextRequest:
            context.close(promise: nil)
        case .head(let head):
            request = head
            body.clear()
            if head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                context.writeAndFlush(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))),
                                      promise: nil)
            }
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let request else { return }
            respond(to: request, context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        pump(context: context)
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        switch request.uri {
        case "/hello":
            send("hello from \(name)\n", context: context)
        case "/headers":
            let lines = ["\(request.method) \(request.uri) \(request.version)"] + request.headers.map { "\($0.name): \($0.value)" }
            send(lines.joined(separator: "\n") + "\n", context: context)
        case "/echo":
            var head = HTTPResponseHead(version: .http1_1, status: .ok)
            head.headers.add(name: "transfer-encoding", value: "chunked")
            context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        case "/file":
            let size = (try? FileManager.default.attributesOfItem(atPath: filePath!)[.size] as? Int) ?? 0
            var head = HTTPResponseHead(version: .http1_1, status: .ok)
            head.headers.add(name: "content-length", value: String(size))
            context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
            file = FileHandle(forReadingAtPath: filePath!)
            pump(context: context)
        case "/then-drop-next":
            // Keeps the connection, but closes it when the next request arrives, unanswered: what a
            // server's idle timeout looks like to a client that reuses the connection at that moment.
            dropNextRequest = true
            send("dropping the next request\n", context: context)
        case "/close-delimited":
            context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok,
                                                                      headers: ["connection": "close"]))), promise: nil)
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "until the end\n")))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        case "/empty":
            context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .noContent))), promise: nil)
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        default:
            send("not found\n", status: .notFound, context: context)
        }
    }

    private func send(_ text: String, status: HTTPResponseStatus = .ok, context: ChannelHandlerContext) {
        var head = HTTPResponseHead(version: .http1_1, status: status)
        head.headers.add(name: "content-length", value: String(text.utf8.count))
        head.headers.add(name: "content-type", value: "text/plain")
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Writes file chunks while the client keeps up. `self.file` is looked up on every turn: a flush
    /// can re-enter `pump` (writability changed) and finish the file under this loop.
    private func pump(context: ChannelHandlerContext) {
        while context.channel.isWritable, let file {
            guard let chunk = try? file.read(upToCount: 256 * 1024) ?? Data() else {
                context.close(promise: nil)
                return
            }
            if chunk.isEmpty {
                try? file.close()
                self.file = nil
                context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            context.writeAndFlush(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: chunk)))), promise: nil)
        }
    }
}
