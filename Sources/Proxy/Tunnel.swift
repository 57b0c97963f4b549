import NIOCore

/// A byte-for-byte relay between a client channel and an upstream channel (two `GlueHandler`s),
/// reported to the event sink as a `TunnelRecord` when both sides have closed.
enum Tunnel {
    /// Starts relaying `client` (whose pipeline has no HTTP handlers and which already allows remote
    /// half-closure) to a new channel from `connector`: a CONNECT passthrough, or bytes that are not HTTP.
    /// `bufferedBytes` were read from the client already and are sent first.
    static func open(client: any Channel, target: ConnectTarget, bufferedBytes: ByteBuffer, reason: String,
                     connector: any UpstreamConnector, events: any ProxyEventSink, connectionID: Int) {
        let (clientSide, upstreamSide) = GlueHandler.matchedPair()
        do {
            try client.pipeline.syncOperations.addHandler(clientSide)
        } catch {
            client.close(promise: nil)
            return
        }
        // Handed to the glue directly: fired into the pipeline they would pass the handlers in front
        // (an interceptor's TLS handler takes ciphertext).
        clientSide.relay(readEarlier: bufferedBytes)
        connector.connect(to: target, on: client.eventLoop)
            .map(\.channel)
            .hop(to: client.eventLoop)
            .assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let upstream):
                    do {
                        try upstream.syncOptions?.setOption(.allowRemoteHalfClosure, value: true)
                        try upstream.pipeline.syncOperations.addHandler(upstreamSide)
                    } catch {
                        upstream.close(promise: nil)
                        client.close(promise: nil)
                        return
                    }
                    recordWhenClosed(client: client, upstream: upstream, glue: (clientSide, upstreamSide), target: target,
                                     reason: reason, events: events, connectionID: connectionID)
                case .failure(let error):
                    fail(client: client, target: target, bytesUp: clientSide.bytesRead, reason: reason,
                         error: error, events: events, connectionID: connectionID)
                }
            }
    }

    /// Joins the two connections of an exchange that switched protocols (`101`): both lose their
    /// HTTP handlers, and the bytes their decoders hold beyond the HTTP messages are relayed first.
    /// Both channels live on the same event loop.
    static func join(client: any Channel, upstream: any Channel, target: ConnectTarget, reason: String,
                     events: any ProxyEventSink, connectionID: Int) {
        let (clientSide, upstreamSide) = GlueHandler.matchedPair()
        recordWhenClosed(client: client, upstream: upstream, glue: (clientSide, upstreamSide), target: target,
                         reason: reason, events: events, connectionID: connectionID)
        let upstreamReady: EventLoopFuture<Void>
        do {
            for channel in [client, upstream] {
                try channel.syncOptions?.setOption(.allowRemoteHalfClosure, value: true)
            }
            upstreamReady = try UpstreamPipeline.replaceHTTPHandlers(on: upstream, with: upstreamSide)
        } catch {
            upstream.close(promise: nil)
            client.close(promise: nil)
            return
        }
        // The client side joins once nothing stands in the way of writing upstream; meanwhile the
        // upstream's bytes wait in `clientSide`.
        upstreamReady.assumeIsolated().whenComplete { _ in
            let clientReady: EventLoopFuture<Void>
            do {
                clientReady = try ClientPipeline.replaceHTTPHandlers(on: client, with: clientSide)
            } catch {
                upstream.close(promise: nil)
                client.close(promise: nil)
                return
            }
            // The client's early bytes went upstream outside a read cycle: nothing else flushes them.
            clientReady.assumeIsolated().whenSuccess { upstream.flush() }
            // A read the removed HTTP handlers held back (back-pressure) would otherwise never be issued.
            client.read()
            upstream.read()
        }
    }

    private static func recordWhenClosed(client: any Channel, upstream: any Channel, glue: (GlueHandler, GlueHandler),
                                         target: ConnectTarget, reason: String, events: any ProxyEventSink,
                                         connectionID: Int) {
        let (clientSide, upstreamSide) = glue
        client.closeFuture.and(upstream.closeFuture).assumeIsolated().whenComplete { _ in
            events.tunnelClosed(TunnelRecord(
                connectionID: connectionID, target: target,
                bytesUp: clientSide.bytesRead, bytesDown: upstreamSide.bytesRead, reason: reason,
                error: (clientSide.error ?? upstreamSide.error).map(ErrorReason.text)))
        }
    }

    /// The 200 is already sent, so the only way to tell the client is to close its connection. The
    /// flow is recorded as a failed tunnel, and the failure as an error.
    private static func fail(client: any Channel, target: ConnectTarget, bytesUp: Int, reason: String, error: any Error,
                             events: any ProxyEventSink, connectionID: Int) {
        client.close(promise: nil)
        let message = "could not connect to \(target): \(ErrorReason.text(error))"
        events.tunnelClosed(TunnelRecord(
            connectionID: connectionID, target: target, bytesUp: bytesUp, bytesDown: 0, reason: reason,
            error: message))
        events.errorOccurred(ProxyErrorRecord(
            connectionID: connectionID, stage: "tunnel", target: target, message: message))
    }
}
