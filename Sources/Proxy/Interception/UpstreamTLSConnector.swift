import NIOCore
import NIOPosix
import TLS

/// Opens tlspeek's own TLS connection to an intercepted connection's origin: TCP, then a TLS
/// client handshake with the client's SNI, then the verification verdict. The returned channel's
/// handshake is complete; its `tls` record is written by a `TLSLegObserver`, which the returned
/// connection cites along with how long the TCP connect and the handshake took.
struct UpstreamTLSConnector {
    let context: TLSContext
    /// Bounds the TCP connect and, separately, the TLS handshake (a server that accepts but never answers).
    let connectTimeout: TimeAmount
    /// `--insecure`: a failed verification is recorded but does not stop the connection.
    let insecure: Bool
    /// Skips name resolution for hosts reached recently.
    let dialer = UpstreamDialer()

    /// Connects to `target`, sending `serverName` as SNI (none for IP literals) and checking the
    /// certificate against it. The future fails with `UpstreamTLSFailure` or a connect error.
    func connect(to target: ConnectTarget, serverName: String, on eventLoop: any EventLoop,
                 observer: TLSLegObserver) -> EventLoopFuture<(UpstreamConnection, TLSSessionSummary)> {
        let started = NIODeadline.now()
        let recordID = observer.recordID
        let handshake = eventLoop.makePromise(of: TLSSessionSummary.self)
        let observerBox = NIOLoopBound(observer, eventLoop: eventLoop)
        let connected = dialer.connect(to: target) { [context, connectTimeout] in
            ClientBootstrap(group: eventLoop)
                .connectTimeout(connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .channelOption(.recvAllocator, value: SocketReadBuffers.allocator)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let observer = observerBox.value
                        // Resumes the last verified session with this origin under this SNI (see TLSSessionCache).
                        let tls = try TLSHandler(clientContext: context, serverName: serverName,
                                                 sessionKey: TLSSessionKey(host: target.host, port: target.port, serverName: serverName),
                                                 onEvent: { observer.handle($0) })
                        try channel.pipeline.syncOperations.addHandlers([tls, UpstreamHandshakeGate(promise: handshake)])
                    }
                }
        }
        connected.whenFailure { handshake.fail($0) }
        connected.whenSuccess { [connectTimeout] channel in
            let timeout = eventLoop.scheduleTask(in: connectTimeout) {
                handshake.fail(UpstreamTLSFailure.handshakeTimedOut(connectTimeout))
                channel.close(promise: nil)
            }
            handshake.futureResult.whenComplete { _ in timeout.cancel() }
        }
        let tcpDone = connected.map { _ in NIODeadline.now() }
        return connected.and(tcpDone).and(handshake.futureResult).flatMapThrowing { [insecure] connectedAt, summary in
            let (channel, tcpDone) = connectedAt
            if case .failed(let reason) = summary.verification, !insecure {
                channel.close(promise: nil)
                throw UpstreamTLSFailure.certificateRejected(reason: reason)
            }
            let connection = UpstreamConnection(
                channel: channel, tls: TLSLegReference(recordID: recordID, version: summary.version),
                connectTime: tcpDone - started, sslTime: .now() - tcpDone,
                poolKey: UpstreamPoolKey(target: target, transport: .tls(serverName: serverName)),
                certificateNames: TLSInterception.mirroredNames(of: summary.peerCertificates.first))
            return (connection, summary)
        }
    }
}
