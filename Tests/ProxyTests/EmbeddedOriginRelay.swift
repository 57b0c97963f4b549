import NIOCore
import NIOEmbedded
@testable import Proxy

/// A connected client channel on `loop` with the origin relay, as inside a tunnel to `origin`,
/// whose upstream channels come from `connector`: the relay without sockets.
enum EmbeddedOriginRelay {
    static func client(on loop: EmbeddedEventLoop, origin: ConnectTarget, connector: any UpstreamConnector,
                       events: any ProxyEventSink) throws -> EmbeddedChannel {
        let client = EmbeddedChannel(loop: loop)
        let environment = ProxyEnvironment(configuration: ProxyConfiguration(events: events),
                                           loopGuard: LoopGuard(port: 8080, hosts: ["127.0.0.1"]), connectionID: 1)
        try ClientPipeline.addOriginRelay(to: client.pipeline.syncOperations, origin: origin, scheme: "http",
                                          connector: connector, clientLeg: nil, environment: environment,
                                          bufferedBytes: ByteBuffer())
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return client
    }
}
