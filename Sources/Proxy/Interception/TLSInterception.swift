import Capture
import CertificateAuthority
import NIOCore
import TLS

/// tlspeek's `TLSInterceptor`: terminates the client's TLS with a minted leaf and relays the
/// decrypted HTTP over its own verified TLS connection to the origin.
public final class TLSInterception: TLSInterceptor {
    /// How many of the upstream certificate's SANs a minted leaf mirrors.
    static let maximumMirroredNames = 50
    /// Both legs speak HTTP/1.1 until HTTP/2 support lands.
    static let applicationProtocol = "http/1.1"

    let leafCache: LeafCache
    let output: InterceptionOutput
    let insecure: Bool
    let upstreamConnector: UpstreamTLSConnector
    private let serverContext: TLSContext
    private let events: any ProxyEventSink

    /// - Parameters:
    ///   - upstreamAnchors: PEM files trusted for upstream servers on top of the system store.
    ///   - insecure: do not verify upstream certificates (recorded in every upstream `tls` record).
    public init(leafCache: LeafCache, upstreamAnchors: [String], insecure: Bool, connectTimeout: TimeAmount = .seconds(10),
                output: InterceptionOutput, events: any ProxyEventSink) throws {
        self.leafCache = leafCache
        self.output = output
        self.insecure = insecure
        self.events = events
        var serverConfiguration = TLSConfiguration.server(alpnSelector: { offers in
            offers.contains(TLSInterception.applicationProtocol) ? TLSInterception.applicationProtocol : nil
        })
        var clientConfiguration = TLSConfiguration.client(
            verification: insecure ? .skip : .verify(extraAnchorFiles: upstreamAnchors),
            alpnOffers: [Self.applicationProtocol])
        serverConfiguration.reportsKeyLog = output.keyLog != nil
        clientConfiguration.reportsKeyLog = output.keyLog != nil
        serverContext = try TLSContext(configuration: serverConfiguration)
        let clientContext = try TLSContext(configuration: clientConfiguration)
        upstreamConnector = UpstreamTLSConnector(context: clientContext, connectTimeout: connectTimeout, insecure: insecure)
    }

    /// The names of the upstream's `certificate` that leaves minted for its clients mirror.
    static func mirroredNames(of certificate: Certificate?) -> [String] {
        let names = certificate?.subjectAlternativeNames.prefix(maximumMirroredNames) ?? []
        return names.map { name in
            switch name {
            case .dns(let host): host
            case .ip(let address): address.description
            }
        }
    }

    public func intercept(channel: any Channel, target: ConnectTarget, bufferedBytes: ByteBuffer, relay: HTTPRelayInstaller) {
        let connection = InterceptedConnection(interception: self, target: target, connectionID: relay.connectionID,
                                               eventLoop: channel.eventLoop, pool: relay.environment.upstreamPool?.value)
        do {
            let observer = connection.clientObserver
            let tls = try TLSHandler(serverContext: serverContext, identityProvider: { connection.identity(for: $0) },
                                     onEvent: { observer.handle($0) })
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(tls)
            let serverSpokeFirst = try relay.install(
                on: pipeline, connector: InterceptedUpstreamConnector(connection: NIOLoopBound(connection, eventLoop: channel.eventLoop)),
                clientLeg: ClientTLSLeg(recordID: observer.recordID,
                                        version: { [observer = NIOLoopBound(observer, eventLoop: channel.eventLoop)] in
                                            observer.value.negotiatedVersion
                                        }))
            connection.onServerSpokeFirst = { serverSpokeFirst() }
            let loopBound = NIOLoopBound(connection, eventLoop: channel.eventLoop)
            channel.closeFuture.whenComplete { _ in loopBound.value.clientClosed() }
            pipeline.fireChannelRead(NIOAny(bufferedBytes))
        } catch {
            events.errorOccurred(ProxyErrorRecord(connectionID: relay.connectionID, stage: "interception", target: target,
                                                  message: "could not start TLS interception: \(error)"))
            channel.close(promise: nil)
        }
    }

    /// Records that a client offered ALPN protocols tlspeek cannot speak on the client leg yet.
    func noteUnsupportedALPN(_ offers: [String], connectionID: Int, target: ConnectTarget) {
        guard !offers.isEmpty, !offers.contains(Self.applicationProtocol) else { return }
        events.errorOccurred(ProxyErrorRecord(
            connectionID: connectionID, stage: "client-tls", target: target,
            message: "the client offered only \(offers.joined(separator: ", ")) in ALPN; tlspeek speaks HTTP/1.1 on intercepted connections (HTTP/2 is not supported yet), so no protocol was selected"))
    }

    func recordUpstreamFailure(_ error: any Error, connectionID: Int, target: ConnectTarget) {
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "upstream", target: target,
                                              message: ErrorReason.text(error)))
    }
}

/// The relay's connector on an intercepted connection: TLS channels from `InterceptedConnection`.
struct InterceptedUpstreamConnector: UpstreamConnector {
    let connection: NIOLoopBound<InterceptedConnection>

    func connect(to target: ConnectTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection> {
        connection.value.upstreamConnection()
    }

    func poolKey(for target: ConnectTarget) -> UpstreamPoolKey? {
        connection.value.poolKey
    }
}
