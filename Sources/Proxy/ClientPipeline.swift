import NIOCore
import NIOHTTP1

/// Builds the HTTP handler stacks on client channels.
enum ClientPipeline {
    /// The relay frames responses itself (see `MessageFraming`), so the encoder must not.
    private static var encoderConfiguration: HTTPResponseEncoder.Configuration {
        var configuration = HTTPResponseEncoder.Configuration()
        configuration.automaticallySetFramingHeaders = false
        return configuration
    }

    /// The proxy's front: absolute-form requests relayed over TCP, CONNECT handed to `ConnectHandoff`.
    static func configureFront(_ channel: any Channel, environment: ProxyEnvironment) throws {
        let handoff = ConnectHandoff(environment: environment)
        try channel.pipeline.syncOperations.addHandlers(httpHandlers(
            router: RequestRouter(mode: .forwardProxy(environment.loopGuard)),
            // Bytes after a CONNECT head belong to the tunnel, not to HTTP.
            leftoverBytes: .forwardBytes, connector: environment.connector, environment: environment,
            onConnect: handoff.start))
    }

    /// HTTP inside a CONNECT tunnel (plaintext, or decrypted by an interceptor): every request goes to `origin`.
    static func addOriginRelay(to pipeline: ChannelPipeline.SynchronousOperations, origin: ConnectTarget, scheme: String,
                               connector: any UpstreamConnector, environment: ProxyEnvironment) throws {
        try pipeline.addHandlers(httpHandlers(
            router: RequestRouter(mode: .origin(origin, scheme: scheme)), leftoverBytes: .dropBytes,
            connector: connector, environment: environment, onConnect: nil))
    }

    private static func httpHandlers(router: RequestRouter, leftoverBytes: RemoveAfterUpgradeStrategy,
                                     connector: any UpstreamConnector, environment: ProxyEnvironment,
                                     onConnect: ((ChannelHandlerContext, ConnectTarget) -> Void)?) -> [any ChannelHandler] {
        [
            HTTPResponseEncoder(configuration: encoderConfiguration),
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: leftoverBytes)),
            HTTPServerPipelineHandler(),
            FrontHandler(router: router, events: environment.events, connectionID: environment.connectionID,
                         onConnect: onConnect),
            HTTPRelayHandler(connector: connector, events: environment.events, connectionID: environment.connectionID),
        ]
    }
}
