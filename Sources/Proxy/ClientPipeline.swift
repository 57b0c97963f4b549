import NIOCore
import NIOHTTP1

/// Builds the HTTP handler stacks on client channels, and takes them out again when the
/// connection stops speaking HTTP (after CONNECT, after a `101`).
package enum ClientPipeline {
    /// The relay frames responses itself (see `MessageFraming`), so the encoder must not.
    private static var encoderConfiguration: HTTPResponseEncoder.Configuration {
        var configuration = HTTPResponseEncoder.Configuration()
        configuration.automaticallySetFramingHeaders = false
        return configuration
    }

    /// The proxy's front: absolute-form requests relayed over TCP, CONNECT handed to `ConnectHandoff`.
    /// The idle timeout stays in front for the connection's whole life, whatever replaces HTTP.
    package static func configureFront(_ channel: any Channel, environment: ProxyEnvironment) throws {
        let handoff = ConnectHandoff(environment: environment)
        try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser(timeout: environment.timeouts.idle))
        try channel.pipeline.syncOperations.addHandlers(httpHandlers(
            router: RequestRouter(mode: .forwardProxy(environment.loopGuard, ports: environment.portPolicy)), connector: environment.connector,
            clientLeg: nil, environment: environment, onConnect: handoff.start))
    }

    /// HTTP inside a CONNECT tunnel (plaintext, or decrypted by an interceptor): every request goes to
    /// `origin`. `bufferedBytes`, read before, are decoded first.
    static func addOriginRelay(to pipeline: ChannelPipeline.SynchronousOperations, origin: ConnectTarget, scheme: String,
                               connector: any UpstreamConnector, clientLeg: ClientTLSLeg?,
                               environment: ProxyEnvironment, bufferedBytes: ByteBuffer) throws {
        let handlers = httpHandlers(router: RequestRouter(mode: .origin(origin, scheme: scheme)), connector: connector,
                                    clientLeg: clientLeg, environment: environment, onConnect: nil)
        try pipeline.addHandlers(handlers)
        // Fired from the first handler's (the encoder's, outbound only) position, so they enter at the
        // decoder and not through the handlers in front (an interceptor's TLS handler takes ciphertext).
        try pipeline.context(handler: handlers[0]).fireChannelRead(NIOAny(bufferedBytes))
    }

    /// Replaces the HTTP handlers by `successor` without losing a byte: the bytes the decoder holds
    /// beyond the last request head (after CONNECT, or after a request that asked for an upgrade,
    /// it stops parsing) reach `successor` when the decoder leaves, one event-loop tick later: the
    /// returned future. They come without a read-complete, so whatever `successor` writes for them
    /// still needs a flush.
    @discardableResult
    static func replaceHTTPHandlers(on channel: any Channel, with successor: any ChannelHandler) throws -> EventLoopFuture<Void> {
        let pipeline = channel.pipeline.syncOperations
        let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        // The others leave at once, before `successor` can write bytes past them.
        pipeline.removeHandler(try pipeline.handler(type: HTTPRelayHandler.self), promise: nil)
        pipeline.removeHandler(try pipeline.handler(type: FrontHandler.self), promise: nil)
        pipeline.removeHandler(try pipeline.handler(type: HTTPServerPipelineHandler.self), promise: nil)
        pipeline.removeHandler(try pipeline.handler(type: HTTPResponseEncoder.self), promise: nil)
        try pipeline.addHandler(successor, position: .after(decoder))
        let removed = channel.eventLoop.makePromise(of: Void.self)
        pipeline.removeHandler(decoder, promise: removed)
        return removed.futureResult
    }

    private static func httpHandlers(router: RequestRouter, connector: any UpstreamConnector, clientLeg: ClientTLSLeg?,
                                     environment: ProxyEnvironment,
                                     onConnect: ((ChannelHandlerContext, ConnectTarget) -> Void)?) -> [any ChannelHandler] {
        [
            HTTPResponseEncoder(configuration: encoderConfiguration),
            // Leftover bytes are only forwarded when the decoder is removed on purpose (see above).
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)),
            HTTPServerPipelineHandler(),
            FrontHandler(router: router, headTimeout: environment.timeouts.requestHead, events: environment.events,
                         connectionID: environment.connectionID, onConnect: onConnect),
            HTTPRelayHandler(connector: connector, responseTimeout: environment.timeouts.responseHead,
                             clientLeg: clientLeg, events: environment.events, connectionID: environment.connectionID,
                             pool: environment.upstreamPool?.value),
        ]
    }
}
