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

    /// Replaces the HTTP handlers by `successor`; bytes after the `101` reach it when the decoder
    /// leaves, one event-loop tick later: the returned future. Until then nothing may be written to
    /// the channel, as the decoder also observes writes and takes only request parts.
    static func replaceHTTPHandlers(on channel: any Channel, with successor: any ChannelHandler) throws -> EventLoopFuture<Void> {
        let pipeline = channel.pipeline.syncOperations
        let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPResponseDecoder>.self)
        pipeline.removeHandler(try pipeline.handler(type: UpstreamResponseHandler.self), promise: nil)
        pipeline.removeHandler(try pipeline.handler(type: HTTPRequestEncoder.self), promise: nil)
        try pipeline.addHandler(successor, position: .after(decoder))
        let removed = channel.eventLoop.makePromise(of: Void.self)
        pipeline.removeHandler(decoder, promise: removed)
        return removed.futureResult
    }
}
