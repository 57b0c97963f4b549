import NIOHTTP1

/// Decides what to do with each request head the proxy receives (pure, no I/O).
struct RequestRouter: Sendable {
    /// Which requests are expected on this connection.
    enum Mode: Sendable {
        /// The client talks to the proxy: absolute-form requests and CONNECT.
        case forwardProxy(LoopGuard)
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
        case reject(HTTPResponseStatus, String)
    }

    let mode: Mode

    func route(_ head: HTTPRequestHead) -> Route {
        switch mode {
        case .forwardProxy(let loopGuard):
            return routeAtProxy(head, loopGuard: loopGuard)
        case .origin(let origin, let scheme):
            return routeInTunnel(head, origin: origin, scheme: scheme)
        }
    }

    private func routeAtProxy(_ head: HTTPRequestHead, loopGuard: LoopGuard) -> Route {
        if head.method == .CONNECT {
            guard let target = ConnectTarget(authority: head.uri) else {
                return .reject(.badRequest, "tlspeek: CONNECT needs a host:port target, got '\(head.uri)'")
            }
            if loopGuard.isSelf(target) { return loopDetected(target) }
            return .connect(target)
        }
        guard let url = AbsoluteURL(head.uri) else {
            if head.uri.hasPrefix("/") || head.uri == "*" {
                return .reject(.badRequest, """
                    tlspeek: this is a proxy, not a web server. Send absolute-form requests \
                    (GET http://host/path) or CONNECT, e.g. curl -x http://HOST:PORT http://example.com/
                    """)
            }
            return .reject(.badRequest, "tlspeek: cannot proxy '\(head.uri)': only http:// URLs and CONNECT are supported")
        }
        if loopGuard.isSelf(url.origin) { return loopDetected(url.origin) }
        var rewritten = head
        rewritten.uri = url.pathAndQuery
        rewritten.headers.replaceOrAdd(name: "host", value: url.hostHeader)
        return .forward(prepare(rewritten, original: head, origin: url.origin, url: url.text))
    }

    private func routeInTunnel(_ head: HTTPRequestHead, origin: ConnectTarget, scheme: String) -> Route {
        if head.method == .CONNECT {
            return .reject(.methodNotAllowed, "tlspeek: CONNECT inside a CONNECT tunnel is not supported")
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

    private func loopDetected(_ target: ConnectTarget) -> Route {
        .reject(.loopDetected, "tlspeek: refusing to connect to \(target): that is this proxy itself (request loop)")
    }
}
