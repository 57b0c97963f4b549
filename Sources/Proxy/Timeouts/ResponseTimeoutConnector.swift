import NIOCore

/// Wraps the HTTP relay's connector so that every upstream channel it opens carries a
/// `ResponseTimeoutHandler` behind whatever the wrapped connector put there (e.g. a TLS handler).
struct ResponseTimeoutConnector: UpstreamConnector {
    let base: any UpstreamConnector
    let timeout: TimeAmount

    func connect(to target: ConnectTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection> {
        base.connect(to: target, on: eventLoop).flatMapThrowing { [timeout] connection in
            let channel = connection.channel
            guard channel.eventLoop.inEventLoop else { throw ChannelError.inappropriateOperationForState }
            try channel.pipeline.syncOperations.addHandler(ResponseTimeoutHandler(timeout: timeout, origin: target))
            return connection
        }
    }

    func poolKey(for target: ConnectTarget) -> UpstreamPoolKey? {
        base.poolKey(for: target)
    }
}
