import NIOCore

/// The extension point for TLS interception, implemented outside this module.
public protocol TLSInterceptor: Sendable {
    /// Takes over a CONNECT connection whose client sent a TLS ClientHello and that the host filter
    /// selected for interception.
    ///
    /// Called on `channel.eventLoop` after `200 Connection Established` was sent. The pipeline holds
    /// only the sniffer, which passes everything on and leaves right after; auto-read stays on and
    /// remote half-closure is allowed (a `ChannelEvent.inputClosed` may follow the bytes): add
    /// handlers before returning. `bufferedBytes` (at least the first bytes of the ClientHello) were
    /// already read and must be fed first, e.g. with
    /// `channel.pipeline.syncOperations.fireChannelRead(NIOAny(bufferedBytes))` after adding the TLS
    /// server handler. `relay` adds the proxy's HTTP relay behind it; its `UpstreamConnector` should
    /// return TLS channels to `target`. Close `channel` on failure.
    func intercept(channel: any Channel, target: ConnectTarget, bufferedBytes: ByteBuffer, relay: HTTPRelayInstaller)
}

/// Installs the relay on an intercepted connection's decrypted pipeline.
public struct HTTPRelayInstaller: Sendable {
    /// The CONNECT target every relayed request goes to.
    public let target: ConnectTarget
    let environment: ProxyEnvironment

    /// The client connection's id, as used in this connection's HTTP records.
    public var connectionID: Int { environment.connectionID }

    /// Appends the proxy's relay to `pipeline`: once the first decrypted bytes are in, an HTTP request
    /// is relayed exchange by exchange, origin-form, over channels from `connector` and recorded as a
    /// `scheme` URL; anything else is relayed byte for byte over a channel from `connector`.
    /// `clientLeg` (the interceptor's TLS leg to the client) is cited in every `http` record.
    /// Call the returned hook when the upstream sends bytes before the client sent any: the stream
    /// is then relayed byte for byte (a server-speaks-first protocol).
    @discardableResult
    public func install(on pipeline: ChannelPipeline.SynchronousOperations, connector: any UpstreamConnector,
                        clientLeg: ClientTLSLeg?, scheme: String = "https") throws -> ServerSpokeFirst {
        let stream = OriginStream(origin: target, scheme: scheme, connector: connector, clientLeg: clientLeg,
                                  rawReason: "decrypted bytes are not HTTP", environment: environment)
        let sniffer = stream.sniffer()
        try pipeline.addHandler(sniffer)
        return ServerSpokeFirst(sniffer: NIOLoopBound(sniffer, eventLoop: pipeline.eventLoop))
    }
}
