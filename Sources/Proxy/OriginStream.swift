import NIOCore

/// A client connection whose bytes all go to one origin (inside a CONNECT, plaintext or decrypted
/// by an interceptor): HTTP is parsed and relayed exchange by exchange, anything else is relayed
/// byte for byte, both over channels from `connector`.
struct OriginStream {
    let origin: ConnectTarget
    /// The scheme in recorded URLs: `http` inside a plaintext CONNECT, `https` when decrypted.
    let scheme: String
    let connector: any UpstreamConnector
    /// The interceptor's TLS leg to the client, nil for plaintext.
    let clientLeg: ClientTLSLeg?
    /// Why bytes that are not HTTP are relayed raw, for the tunnel record.
    let rawReason: String
    let environment: ProxyEnvironment

    /// A handler that waits for the first bytes, then starts whichever relay they call for.
    func sniffer() -> SniffHandler {
        SniffHandler { channel, kind, bytes in self.start(kind, on: channel, bufferedBytes: bytes) }
    }

    /// Appends the relay for `kind` to `channel` (in front of it, at most a sniffer that passes
    /// everything on, and an interceptor's TLS handler); `bufferedBytes` go first.
    func start(_ kind: SniffedProtocol, on channel: any Channel, bufferedBytes: ByteBuffer) {
        switch kind {
        case .http:
            do {
                try ClientPipeline.addOriginRelay(to: channel.pipeline.syncOperations, origin: origin, scheme: scheme,
                                                  connector: connector, clientLeg: clientLeg, environment: environment,
                                                  bufferedBytes: bufferedBytes)
            } catch {
                channel.close(promise: nil)
            }
        case .tls, .other:
            Tunnel.open(client: channel, target: origin, bufferedBytes: bufferedBytes, reason: rawReason,
                        connector: connector, events: environment.events, connectionID: environment.connectionID)
        }
    }
}
