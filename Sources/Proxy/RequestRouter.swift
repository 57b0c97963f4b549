import NIOHTTP1

/// Decides what to do with each request head the proxy receives (pure, no I/O).
struct RequestRouter: Sendable {
    /// Which requests are expected on this connection.
    enum Mode: Sendable {
        /// The client talks to the proxy: absolute-form requests and CONNECT, to targets that are
        /// not the proxy itself and whose port `ports` allows.
        case forwardProxy(LoopGuard, ports: PortPolicy = PortPolicy())
        /// Inside a CONNECT tunnel: origin-form requests for the fixed `origin`, reached via `scheme`.
        case origin(ConnectTarget, scheme: String)
    }

    /// The outcome for one request head.
    enum Route: Equatable {
        /// Relay the rewritten request.
        case forward(RoutedRequest)
        /// Open a tunnel to the target.
        case connect(ConnectTarget)
        /// Answer the client directly with a plain-text explanation.
        case reject(Refusal)
    }

    /// Why tlspeek answers a request itself instead of relaying it.
    struct Refusal: Equatable {
        let status: HTTPResponseStatus
        /// The plain-text answer, also the recorded error.
        let message: String
        /// The host the request was for, when it named one.
        var target: ConnectTarget?
    }

    let mode: Mode

    func route(_ head: HTTPRequestHead) -> Route {
        switch mode {
        case .forwardProxy(let loopGuard, let ports):
            return routeAtProxy(head, loopGuard: loopGuard, ports: ports)
        case .origin(let origin, let scheme):
            return routeInTunnel(head, origin: origin, scheme: scheme)
        }
    }

    private func routeAtProxy(_ head: HTTPRequestHead, loopGuard: LoopGuard, ports: PortPolicy) -> Route {
        if head.method == .CONNECT {
            guard let target = ConnectTarget(authority: head.uri) else {
                return .reject(Refusal(status: .badRequest, message: "tlspeek: CONNECT needs a host:port target, got '\(head.uri)'"))
            }
            return refusal(of: target, loopGuard: loopGuard, ports: ports) ?? .connect(target)
        }
        guard let url = AbsoluteURL(head.uri) else {
            if head.uri.hasPrefix("/") || head.uri == "*" {
                return .reject(Refusal(status: .badRequest, message: """
                    tlspeek: this is a proxy, not a web server. Send absolute-form requests \
                    (GET http://host/path) or CONNECT, e.g. curl -x http://HOST:PORT http://example.com/
                    """))
            }
            return .reject(Refusal(status: .badRequest,
                                   message: "tlspeek: cannot proxy '\(head.uri)': only http:// URLs and CONNECT are supported"))
        }
        if let refused = refusal(of: url.origin, loopGuard: loopGuard, ports: ports) { return refused }
        var rewritten = head
        rewritten.uri = url.pathAndQuery
        rewritten.headers.replaceOrAdd(name: "host", value: url.hostHeader)
        return .forward(prepare(rewritten, original: head, origin: url.origin, url: url.text))
    }

    private func routeInTunnel(_ head: HTTPRequestHead, origin: ConnectTarget, scheme: String) -> Route {
        if head.method == .CONNECT {
            return .reject(Refusal(status: .methodNotAllowed, message: "tlspeek: CONNECT inside a CONNECT tunnel is not supported",
                                   target: origin))
        }
        var rewritten = head
        if let url = AbsoluteURL(head.uri) { rewritten.uri = url.pathAndQuery }
        if !rewritten.headers.contains(name: "host") {
            rewritten.headers.add(name: "host", value: origin.authorityHost)
        }
        let authority = rewritten.headers.first(name: "host") ?? origin.description
        return .forward(prepare(rewritten, original: head, origin: origin, url: "\(scheme)://\(authority)\(rewritten.uri)"))
    }

    /// Strips hop-by-hop fields (keeping a requested protocol switch) and restores body framing on the upstream head.
    private func prepare(_ head: HTTPRequestHead, original: HTTPRequestHead, origin: ConnectTarget, url: String) -> RoutedRequest {
        var head = head
        let chunked = original.headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
        let upgrade = ProtocolUpgrade.requested(in: original.headers)
        HopByHopHeaders.remove(from: &head.headers)
        if let upgrade { ProtocolUpgrade.announce(upgrade, in: &head.headers) }
        MessageFraming.frameRequest(&head, bodyWasChunked: chunked)
        head.version = .http1_1
        return RoutedRequest(head: head, origin: origin, url: url, clientKeepAlive: original.isKeepAlive, upgrade: upgrade,
                            clientVersion: original.version)
    }

    /// Why the proxy will not connect to `target`, nil when it may.
    private func refusal(of target: ConnectTarget, loopGuard: LoopGuard, ports: PortPolicy) -> Route? {
        if loopGuard.isSelf(target) {
            return .reject(Refusal(status: .loopDetected,
                                   message: "tlspeek: refusing to connect to \(target): that is this proxy itself (request loop)",
                                   target: target))
        }
        switch ports.decide(port: target.port) {
        case .allowed:
            return nil
        case .denied(let reason):
            return .reject(Refusal(status: .forbidden, message: "tlspeek: refusing to connect to \(target): \(reason)",
                                   target: target))
        }
    }
}
