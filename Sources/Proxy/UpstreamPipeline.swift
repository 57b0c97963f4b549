import NIOCore
import NIOHTTP1

/// Builds the relay's HTTP/1 client stack on an upstream channel (behind whatever the connector put
/// there, e.g. a TLS handler), and takes it out again after a `101`.
enum UpstreamPipeline {
    static func addHTTPHandlers(to channel: any Channel, handler: UpstreamResponseHandler) throws {
        try channel.pipeline.syncOperations.addHandlers([
            HTTPRequestEncoder(),
            // After a 101 the decoder stops parsing; what the server sent beyond it is forwarded on removal.
            ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes,
                                                     informationalResponseStrategy: .forward)),
            handler,
        ])
    }

    /// Replaces the HTTP handlers by `successor`; bytes after the `101` reach it when the decoder leaves.
    static func replaceHTTPHandlers(in pipeline: ChannelPipeline.SynchronousOperations,
                                    with successor: any ChannelHandler) throws {
        let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPResponseDecoder>.self)
        try pipeline.addHandler(successor, position: .after(decoder))
        pipeline.removeHandler(try pipeline.handler(type: UpstreamResponseHandler.self), promise: nil)
        pipeline.removeHandler(try pipeline.handler(type: HTTPRequestEncoder.self), promise: nil)
        pipeline.removeHandler(decoder, promise: nil)
    }
}
