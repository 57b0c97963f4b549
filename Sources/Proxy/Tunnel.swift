import NIOCore

/// A CONNECT passthrough: the client channel glued to a TCP connection to the target, reported to
/// the event sink when both sides have closed.
enum Tunnel {
    /// Starts relaying `client` (whose pipeline no longer has HTTP handlers and which already allows
    /// remote half-closure) to `target`.
    /// `bufferedBytes` were read from the client already and are sent first.
    static func open(client: any Channel, target: ConnectTarget, bufferedBytes: ByteBuffer, reason: String,
                     environment: ProxyEnvironment) {
        let (clientSide, upstreamSide) = GlueHandler.matchedPair()
        do {
            try client.pipeline.syncOperations.addHandler(clientSide)
        } catch {
            client.close(promise: nil)
            return
        }
        client.pipeline.syncOperations.fireChannelRead(NIOAny(bufferedBytes))
        environment.connector.connect(to: target, on: client.eventLoop)
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
                    client.closeFuture.and(upstream.closeFuture).assumeIsolated().whenComplete { _ in
                        environment.events.tunnelClosed(TunnelRecord(
                            connectionID: environment.connectionID, target: target,
                            bytesUp: clientSide.bytesRead, bytesDown: upstreamSide.bytesRead, reason: reason,
                            error: (clientSide.error ?? upstreamSide.error).map(ErrorReason.text)))
                    }
                case .failure(let error):
                    fail(client: client, target: target, bytesUp: clientSide.bytesRead, reason: reason,
                         error: error, environment: environment)
                }
            }
    }

    /// The 200 is already sent, so the only way to tell the client is to close its connection. The
    /// flow is recorded as a failed tunnel, and the failure as an error.
    private static func fail(client: any Channel, target: ConnectTarget, bytesUp: Int, reason: String, error: any Error,
                             environment: ProxyEnvironment) {
        client.close(promise: nil)
        let message = "could not connect to \(target): \(ErrorReason.text(error))"
        environment.events.tunnelClosed(TunnelRecord(
            connectionID: environment.connectionID, target: target, bytesUp: bytesUp, bytesDown: 0, reason: reason,
            error: message))
        environment.events.errorOccurred(ProxyErrorRecord(
            connectionID: environment.connectionID, stage: "tunnel", target: target, message: message))
    }
}
