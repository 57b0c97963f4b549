import CertificateAuthority
import NIOCore
import TLS

/// One intercepted CONNECT: opens the upstream TLS leg as soon as the client's ClientHello is in
/// ("eager upstream"), mints the leaf from what the client asked for and what the server's
/// certificate names, and hands the ready upstream to the HTTP relay. With `--reuse-upstream`, an
/// idle pooled connection for the same key stands in for the eager one (no upstream handshake then).
/// Confined to its event loop.
final class InterceptedConnection {
    private enum Upstream {
        /// The ClientHello has not arrived yet.
        case notStarted
        case connecting
        /// Handshake done; kept (with what the server sends meanwhile) until the relay takes it.
        case ready(UpstreamConnection, ParkedUpstreamHandler)
        /// The relay took the first connection, or a pooled one stands in for it: later requests
        /// take pooled connections or open new ones.
        case onDemand
        /// Every request on this connection is answered `502` with this reason.
        case failed(any Error)
        /// The client went away.
        case closed
    }

    private let interception: TLSInterception
    private let target: ConnectTarget
    private let connectionID: Int
    private let eventLoop: any EventLoop
    /// `--reuse-upstream`: idle connections that can serve this client instead of its own.
    private let pool: UpstreamPool?
    private var upstream = Upstream.notStarted
    /// The SNI sent upstream: the client's, or the CONNECT host when it sent none.
    private var serverName = ""
    private var upstreamCount = 0
    let clientObserver: TLSLegObserver
    /// Called when the ready upstream sends bytes before the relay took it: the server speaks first.
    var onServerSpokeFirst: (() -> Void)?

    init(interception: TLSInterception, target: ConnectTarget, connectionID: Int, eventLoop: any EventLoop,
         pool: UpstreamPool?) {
        self.interception = interception
        self.target = target
        self.connectionID = connectionID
        self.eventLoop = eventLoop
        self.pool = pool
        clientObserver = TLSLegObserver(leg: .client, recordID: "\(connectionID).client", connectionID: connectionID,
                                        target: target, insecure: false, output: interception.output)
    }

    /// The server identity for the client leg: waits for the upstream handshake, then mints (at
    /// once from a pooled connection's certificate when one can serve this client).
    func identity(for hello: ClientHelloInfo) -> EventLoopFuture<ServerIdentity> {
        let requestedName = hello.serverName ?? target.host
        interception.noteUnsupportedALPN(hello.alpnOffers, connectionID: connectionID, target: target)
        serverName = requestedName
        if let pooledNames = pool?.certificateNames(for: pooledKey) {
            upstream = .onDemand
            return eventLoop.makeCompletedFuture { try mint(requestedName: requestedName, mirroredNames: pooledNames) }
        }
        upstream = .connecting
        return openUpstream().assumeIsolated().flatMapThrowing { connection, summary in
            let channel = connection.channel
            guard case .connecting = self.upstream else {
                // The client left while the upstream leg was being opened.
                channel.close(promise: nil)
                throw ChannelError.ioOnClosedChannel
            }
            let parked = ParkedUpstreamHandler { self.onServerSpokeFirst?() }
            do {
                try channel.pipeline.syncOperations.addHandler(parked)
            } catch {
                channel.close(promise: nil)
                throw error
            }
            self.upstream = .ready(connection, parked)
            return try self.mint(requestedName: requestedName, mirroredNames: connection.certificateNames)
        }.flatMapErrorThrowing { error in
            if case .connecting = self.upstream { self.upstream = .failed(error) }
            self.interception.recordUpstreamFailure(error, connectionID: self.connectionID, target: self.target)
            // The client still gets a working handshake, so it can read the 502 that explains the
            // failure: with a leaf for the requested name alone. Nothing of a certificate that failed
            // verification is mirrored, so nothing derived from it enters the leaf cache.
            return try self.mint(requestedName: requestedName, mirroredNames: [])
        }.nonisolated()
    }

    /// An upstream connection for the relay: the eagerly opened one first, then fresh connections
    /// (the relay looks in the pool first, see `poolKey`).
    /// The eager one's connect and handshake times go to the first exchange on it, although they
    /// ran before its request arrived (the TLS leg to the client waited for them).
    func upstreamConnection() -> EventLoopFuture<UpstreamConnection> {
        switch upstream {
        case .ready(let connection, let parked):
            upstream = .onDemand
            // The server may have closed the idle connection while the client was slow to send.
            guard connection.channel.isActive else { return upstreamConnection() }
            // Handed over on the next tick, never synchronously: a future that is already complete
            // would run the relay's "connected" step inside its own channelRead of the request head,
            // and the rest of that request (a small body decoded in the same burst) would then be
            // written after the relay's last flush and sit unsent.
            let loopBound = NIOLoopBound((connection, parked), eventLoop: eventLoop)
            return eventLoop.submit {
                let (connection, parked) = loopBound.value
                connection.channel.pipeline.syncOperations.removeHandler(parked, promise: nil)
                return connection
            }
        case .onDemand:
            return openUpstream().map { connection, _ in connection }
        case .failed(let error):
            return eventLoop.makeFailedFuture(RecordedUpstreamFailure(underlying: error))
        case .notStarted, .connecting, .closed:
            return eventLoop.makeFailedFuture(ChannelError.inappropriateOperationForState)
        }
    }

    /// The key of pooled connections that may serve the next request; nil while the eager
    /// connection waits for the relay (or there is none to be had).
    var poolKey: UpstreamPoolKey? {
        guard case .onDemand = upstream else { return nil }
        return pooledKey
    }

    private var pooledKey: UpstreamPoolKey {
        UpstreamPoolKey(target: target, transport: .tls(serverName: serverName))
    }

    /// The client connection closed: drop an upstream nobody will use.
    func clientClosed() {
        clientObserver.connectionClosed()
        onServerSpokeFirst = nil  // it holds the client pipeline's sniffer, which holds this connection
        if case .ready(let connection, _) = upstream { connection.channel.close(promise: nil) }
        upstream = .closed
    }

    private func openUpstream() -> EventLoopFuture<(UpstreamConnection, TLSSessionSummary)> {
        upstreamCount += 1
        let observer = TLSLegObserver(leg: .upstream, recordID: "\(connectionID).upstream.\(upstreamCount)",
                                      connectionID: connectionID, target: target, insecure: interception.insecure,
                                      output: interception.output)
        return interception.upstreamConnector.connect(to: target, serverName: serverName, on: eventLoop,
                                                      observer: observer)
    }

    private func mint(requestedName: String, mirroredNames: [String]) throws -> ServerIdentity {
        let leaf = try interception.leafCache.identity(for: [requestedName] + mirroredNames)
        return ServerIdentity(certificateChain: leaf.chain, privateKey: leaf.key)
    }
}
