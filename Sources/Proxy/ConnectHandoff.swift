import NIOCore
import NIOHTTP1

/// What happens to a client connection after an accepted CONNECT: answer 200, take the HTTP
/// handlers out without losing bytes, sniff the first bytes, then intercept, relay HTTP, or tunnel.
struct ConnectHandoff {
    let environment: ProxyEnvironment

    /// Called by `FrontHandler` (from its `context`) when the CONNECT request is complete.
    func start(context: ChannelHandlerContext, target: ConnectTarget) {
        let head = HTTPResponseHead(version: .http1_1, status: .custom(code: 200, reasonPhrase: "Connection Established"))
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
        do {
            // From here on the client may half-close (e.g. after its last request); the tunnel or
            // relay behind the sniffer passes that on instead of the channel closing at once.
            try context.channel.syncOptions?.setOption(.allowRemoteHalfClosure, value: true)
            let sniffer = SniffHandler { channel, kind, bytes in
                self.dispatch(channel: channel, target: target, kind: kind, bytes: bytes)
            }
            try ClientPipeline.replaceHTTPHandlers(on: context.channel, with: sniffer)
        } catch {
            context.close(promise: nil)
        }
    }

    private func dispatch(channel: any Channel, target: ConnectTarget, kind: SniffedProtocol, bytes: ByteBuffer) {
        switch kind {
        case .tls:
            switch environment.hostFilter.shouldIntercept(host: target.host, port: target.port) {
            case .intercept:
                if let interceptor = environment.interceptor {
                    let relay = HTTPRelayInstaller(target: target, environment: environment)
                    interceptor.intercept(channel: channel, target: target, bufferedBytes: bytes, relay: relay)
                } else {
                    tunnel(channel, target, bytes, reason: "no TLS interceptor configured")
                }
            case .passthrough(let reason):
                tunnel(channel, target, bytes, reason: reason)
            }
        case .http, .other:
            OriginStream(origin: target, scheme: "http", connector: environment.connector, clientLeg: nil,
                         rawReason: "neither TLS nor HTTP",
                         environment: environment).start(kind, on: channel, bufferedBytes: bytes)
        }
    }

    private func tunnel(_ channel: any Channel, _ target: ConnectTarget, _ bytes: ByteBuffer, reason: String) {
        Tunnel.open(client: channel, target: target, bufferedBytes: bytes, reason: reason,
                    connector: environment.connector, events: environment.events,
                    connectionID: environment.connectionID)
    }
}
