import NIOCore

/// Everything `ProxyServer.start` needs; the CLI fills it from flags and the config file.
public struct ProxyConfiguration: Sendable {
    /// `--listen` host (name or IP literal, no brackets needed).
    public var listenHost: String
    /// `--listen` port; 0 lets the kernel pick one (see `ProxyServer.localAddress`).
    public var listenPort: Int
    /// `--allow-hosts` / `--ignore-hosts`.
    public var hostFilter: HostFilter
    /// `--allow-ports` / `--deny-ports`: which target ports may be reached (default: all).
    public var portPolicy: PortPolicy
    /// How long a connection to an origin may take.
    public var connectTimeout: TimeAmount
    /// Request head, idle and response timeouts.
    public var timeouts: ProxyTimeouts
    /// Intercepts TLS after CONNECT; nil tunnels all TLS untouched.
    public var interceptor: (any TLSInterceptor)?
    /// Receives exchange, tunnel and error records.
    public var events: any ProxyEventSink
    /// `--reuse-upstream`: share idle upstream connections between client connections (`UpstreamPool`).
    public var reuseUpstream: Bool

    /// A configuration; the defaults match the CLI's (`127.0.0.1:8080`, intercept all, 10 s connect
    /// timeout, `ProxyTimeouts()`).
    public init(listenHost: String = "127.0.0.1", listenPort: Int = 8080, hostFilter: HostFilter = HostFilter(),
                portPolicy: PortPolicy = PortPolicy(),
                connectTimeout: TimeAmount = .seconds(10), timeouts: ProxyTimeouts = ProxyTimeouts(),
                interceptor: (any TLSInterceptor)? = nil, events: any ProxyEventSink = NoProxyEvents(),
                reuseUpstream: Bool = false) {
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.hostFilter = hostFilter
        self.portPolicy = portPolicy
        self.connectTimeout = connectTimeout
        self.timeouts = timeouts
        self.interceptor = interceptor
        self.events = events
        self.reuseUpstream = reuseUpstream
    }

    /// Parses a `--listen` value `HOST:PORT` or `[IPv6]:PORT` (port 0–65535) into host and port.
    public static func parseListenAddress(_ text: String) throws(ListenAddressError) -> (host: String, port: Int) {
        let fail = ListenAddressError(text: text)
        guard let colon = text.lastIndex(of: ":") else { throw fail }
        var host = text[..<colon]
        let portText = text[text.index(after: colon)...]
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            throw fail
        }
        guard !host.isEmpty, !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(portText), port <= 65535 else { throw fail }
        return (String(host), port)
    }
}

/// A `--listen` value that is not `HOST:PORT`.
public struct ListenAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The value as given.
    public let text: String

    public var description: String {
        "invalid listen address '\(text)': expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:0"
    }
}
