import NIOCore

/// What the handlers of one client connection need from the server, fixed when it is accepted.
package struct ProxyEnvironment: Sendable {
    /// Which CONNECT targets get intercepted.
    let hostFilter: HostFilter
    /// Takes over intercepted connections; nil tunnels all TLS.
    let interceptor: (any TLSInterceptor)?
    /// Where records go.
    let events: any ProxyEventSink
    /// TCP to origins, for plain HTTP and tunnels.
    let connector: any UpstreamConnector
    /// Request head, idle and response timeouts.
    let timeouts: ProxyTimeouts
    /// `--allow-ports` / `--deny-ports`.
    let portPolicy: PortPolicy
    /// Recognises requests aimed at the proxy itself.
    let loopGuard: LoopGuard
    /// Numbers the client connection in records.
    let connectionID: Int
    /// `--reuse-upstream`: the idle upstream connections of the client channel's event loop (set by the server).
    var upstreamPool: NIOLoopBoundBox<UpstreamPool>?

    /// `connector` replaces the TCP one built from `configuration` (the fuzz target's embedded origins).
    package init(configuration: ProxyConfiguration, loopGuard: LoopGuard, connectionID: Int,
                 connector: (any UpstreamConnector)? = nil) {
        self.hostFilter = configuration.hostFilter
        self.portPolicy = configuration.portPolicy
        self.interceptor = configuration.interceptor
        self.events = configuration.events
        self.connector = connector ?? TCPUpstreamConnector(connectTimeout: configuration.connectTimeout)
        self.timeouts = configuration.timeouts
        self.loopGuard = loopGuard
        self.connectionID = connectionID
    }
}
