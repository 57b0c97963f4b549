import NIOCore
import NIOHTTP1

/// Relays routed HTTP requests from the client channel to upstream connections and streams the
/// responses back, with back-pressure both ways. One exchange at a time (the pipelining handler in
/// front serialises requests); an idle upstream is reused for the next request to the same origin,
/// or, with `--reuse-upstream`, goes to the event loop's `UpstreamPool` for any client connection.
/// When the upstream answers an upgrade request with `101`, both connections leave HTTP and are
/// joined byte for byte (`Tunnel.join`).
///
/// It knows nothing about how upstreams are reached: plain TCP for proxy requests, TLS for
/// intercepted ones — that is the `UpstreamConnector`'s business.
final class HTTPRelayHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = RoutedRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// One request and its response as they stream through. A class, so that the state enum carries
    /// a reference: updating the exchange per body part copies nothing.
    private final class Exchange {
        let request: RoutedRequest
        var requestEnded = false
        var status: Int?
        var requestBodyBytes = 0
        var responseBodyBytes = 0
        /// Whether the upstream may take another request after this response.
        var upstreamReusable = false
        /// Whether the client connection must close after this response.
        var closeClient = false
        /// Whether the request went out on a kept-alive connection (which the server may have closed meanwhile).
        var onReusedConnection = false
        /// The protocol the upstream switched to with a `101`.
        var upgradedTo: String?
        var clock = ExchangeClock()
        var requestBody = BodyPreview()
        var responseBody = BodyPreview()
        /// The final (or `101`) response head as the upstream sent it.
        var response: HTTPResponseHead?
        var upstreamTLS: TLSLegReference?
        var serverIP: String?

        init(request: RoutedRequest) {
            self.request = request
        }

        /// A bodiless request that got no response on a reused connection can safely be sent again.
        var mayRetryOnFreshConnection: Bool {
            onReusedConnection && status == nil && requestEnded && requestBodyBytes == 0
        }

        /// Counts request body bytes, keeps the preview and notes the request's end.
        func record(_ part: RoutedRequestPart) {
            switch part {
            case .head: break
            case .body(let body):
                requestBodyBytes += body.readableBytes
                requestBody.append(body)
            case .end:
                requestEnded = true
                clock.requestEnded()
            }
        }

        /// The upstream is ready for this exchange; `opened` when it was connected for it.
        func use(_ upstream: RelayUpstream, opened connection: UpstreamConnection?) {
            clock.upstreamReady(opened: connection)
            upstreamTLS = upstream.tls
            serverIP = upstream.serverIP
        }
    }

    private enum State {
        /// Waiting for a request, possibly holding an idle upstream for reuse.
        case idle(RelayUpstream?)
        /// Connecting upstream; request parts wait here (reads are paused meanwhile).
        case connecting(Exchange, pending: [RoutedRequestPart])
        /// Streaming request and response between client and upstream.
        case relaying(Exchange, RelayUpstream)
        /// The upstream switched to `protocols` (`101`); the rest of the request goes up before the
        /// connections are joined.
        case switching(Exchange, RelayUpstream, protocols: String)
        /// The client connection is going away.
        case closed
    }

    private let connector: any UpstreamConnector
    /// How long an origin may take to answer a request (`ResponseTimer`).
    private let responseTimeout: TimeAmount
    /// The interceptor's TLS leg to the client, nil for plaintext.
    private let clientLeg: ClientTLSLeg?
    private let events: any ProxyEventSink
    private let connectionID: Int
    /// `--reuse-upstream`: where reusable upstreams go after an exchange, and requests look first.
    private let pool: UpstreamPool?
    private var state = State.idle(nil)
    private var context: ChannelHandlerContext?
    private var readPending = false
    private var upstreamNeedsFlush = false
    /// The client half-closed (possible inside CONNECT): finish the current exchange, then close.
    private var clientInputClosed = false

    init(connector: any UpstreamConnector, responseTimeout: TimeAmount, clientLeg: ClientTLSLeg?,
         events: any ProxyEventSink, connectionID: Int, pool: UpstreamPool? = nil) {
        self.connector = connector
        self.responseTimeout = responseTimeout
        self.clientLeg = clientLeg
        self.events = events
        self.connectionID = connectionID
        self.pool = pool
    }

    /// Whether the client channel can take more response bytes.
    var clientIsWritable: Bool { context?.channel.isWritable ?? false }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // Removed after a CONNECT (or torn down with the channel): an idle upstream is no longer needed.
        if case .idle(let upstream?) = state { release(upstream) }
        state = .closed
        self.context = nil
    }

    // MARK: client side

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = Self.unwrapInboundIn(data)
        switch (state, part) {
        case (.idle(let upstream), .head(let request)):
            let exchange = Exchange(request: request)
            if let upstream, upstream.origin == request.origin, upstream.channel.isActive {
                reuse(upstream, for: exchange, first: part)
            } else {
                if let upstream { release(upstream) }
                if let pooled = checkOutPooled(for: request.origin) {
                    reuse(pooled, for: exchange, first: part)
                } else {
                    connect(exchange, pending: [part], context: context)
                }
            }
        case (.connecting(let exchange, var pending), _):
            exchange.record(part)
            pending.append(part)
            state = .connecting(exchange, pending: pending)
        case (.relaying(let exchange, let upstream), .body), (.relaying(let exchange, let upstream), .end),
             (.switching(let exchange, let upstream, _), .body):
            exchange.record(part)
            forward(part, to: upstream)
        case (.switching(let exchange, let upstream, let protocols), .end):
            exchange.record(part)
            forward(part, to: upstream)
            switchProtocols(exchange, to: protocols, upstream: upstream, context: context)
        case (.closed, _):
            break
        case (.idle, .body), (.idle, .end), (.relaying, .head), (.switching, .head):
            context.fireErrorCaught(HTTPParserError.invalidInternalState)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushUpstream()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        switch state {
        case .idle, .closed:
            context.read()
        case .connecting:
            readPending = true
        case .relaying(_, let upstream), .switching(_, let upstream, _):
            if upstream.channel.isWritable { context.read() } else { readPending = true }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { activeUpstream?.handler.resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let previous = state
        state = .closed
        switch previous {
        case .idle(let upstream):
            if let upstream { release(upstream) }
        case .connecting(let exchange, _):
            report(exchange, error: "client closed the connection")
        case .relaying(let exchange, let upstream), .switching(let exchange, let upstream, _):
            release(upstream)
            report(exchange, error: "client closed the connection")
        case .closed:
            break
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            clientInputClosed = true
            if case .idle(let upstream) = state {
                if let upstream { release(upstream) }
                state = .closed
                context.close(promise: nil)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Only this client connection is affected; channelInactive reports and releases.
        context.close(promise: nil)
    }

    // MARK: upstream side (called by UpstreamResponseHandler on the same event loop)

    func upstreamReceived(_ part: HTTPClientResponsePart, from handler: UpstreamResponseHandler) {
        guard let context, case .relaying(let exchange, let upstream) = state, upstream.handler === handler else {
            // Bytes from an upstream that is not answering a request: drop that connection.
            if case .idle(let idle) = state, idle?.handler === handler { state = .idle(nil) }
            handler.relay = nil
            handler.close()
            return
        }
        switch part {
        case .head(var head) where head.status.code < 200 && head.status != .switchingProtocols:
            HopByHopHeaders.remove(from: &head.headers)
            head.version = .http1_1
            context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        case .head(var head) where head.status == .switchingProtocols:
            exchange.clock.responseHeadArrived()
            exchange.response = head
            guard let requested = exchange.request.upgrade else {
                fail(exchange, message: "tlspeek: \(exchange.request.origin) switched protocols although the client did not ask to")
                return
            }
            let protocols = head.headers.first(name: "upgrade") ?? requested
            exchange.status = Int(head.status.code)
            exchange.upgradedTo = protocols
            HopByHopHeaders.remove(from: &head.headers)
            ProtocolUpgrade.announce(protocols, in: &head.headers)
            head.version = .http1_1
            context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        case .head(var head):
            exchange.clock.responseHeadArrived()
            exchange.response = head
            exchange.status = Int(head.status.code)
            HopByHopHeaders.remove(from: &head.headers)
            let closeDelimited = MessageFraming.frameResponse(
                &head, requestMethod: exchange.request.head.method, clientVersion: exchange.request.head.version)
            // Never kept nor pooled after a close-delimited response or a refused upgrade (see below).
            exchange.upstreamReusable = head.isKeepAlive && !closeDelimited && exchange.request.upgrade == nil
            // NIO's request decoder stops parsing after a request that asked for an upgrade, so a
            // refused upgrade leaves a connection that cannot carry another request.
            exchange.closeClient = closeDelimited || !exchange.request.clientKeepAlive || exchange.request.upgrade != nil
            if exchange.closeClient { head.headers.replaceOrAdd(name: "connection", value: "close") }
            context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        case .body(let body):
            exchange.responseBodyBytes += body.readableBytes
            exchange.responseBody.append(body)
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        case .end(let trailers):
            finish(exchange, upstream: upstream, trailers: trailers, context: context)
        }
    }

    func upstreamReadComplete() {
        context?.flush()
    }

    func upstreamBecameWritable() {
        guard readPending, let context else { return }
        readPending = false
        context.read()
    }

    func upstreamClosed(_ handler: UpstreamResponseHandler, error: (any Error)?) {
        switch state {
        case .idle(let upstream) where upstream?.handler === handler:
            state = .idle(nil)
        case .relaying(let exchange, let upstream) where upstream.handler === handler && exchange.mayRetryOnFreshConnection
                                                         && !(error is FramingViolation) && !(error is ProxyTimeout):
            // The server closed the idle connection as we reused it: send the request again on a new one.
            guard let context else { return }
            release(upstream)
            exchange.onReusedConnection = false
            connect(exchange, pending: [.head(exchange.request), .end(nil)], context: context)
        case .relaying(let exchange, let upstream) where upstream.handler === handler,
             .switching(let exchange, let upstream, _) where upstream.handler === handler:
            if let timeout = error as? ProxyTimeout { return responseTimedOut(exchange, timeout) }
            let reason = error.map(ErrorReason.text) ?? "the server closed the connection"
            let message = "tlspeek: \(exchange.request.origin) failed before the response was complete: \(reason)"
            // A framing violation was recorded by the framing guard that found it.
            if !(error is FramingViolation) { recordUpstreamError(exchange, message) }
            fail(exchange, message: message)
        case .idle, .relaying, .switching, .connecting, .closed:
            break
        }
    }

    // MARK: steps

    /// Sends `exchange`, starting with `part`, on a kept-alive upstream.
    private func reuse(_ upstream: RelayUpstream, for exchange: Exchange, first part: RoutedRequestPart) {
        exchange.onReusedConnection = true
        exchange.use(upstream, opened: nil)
        state = .relaying(exchange, upstream)
        forward(part, to: upstream)
    }

    /// An idle upstream from the pool that can carry a request to `origin`, now pointed at this relay.
    private func checkOutPooled(for origin: ConnectTarget) -> RelayUpstream? {
        guard let pool, let key = connector.poolKey(for: origin), let upstream = pool.checkOut(key) else { return nil }
        upstream.handler.attach(to: self, connectionID: connectionID)
        return upstream
    }

    /// Opens a new upstream for `exchange`; `pending` (the request so far) is sent once connected.
    private func connect(_ exchange: Exchange, pending: [RoutedRequestPart], context: ChannelHandlerContext) {
        state = .connecting(exchange, pending: pending)
        let eventLoop = context.eventLoop
        connector.connect(to: exchange.request.origin, on: eventLoop)
            .hop(to: eventLoop)
            .assumeIsolated()
            .whenComplete { result in self.connected(result) }
    }

    private func connected(_ result: Result<UpstreamConnection, any Error>) {
        guard case .connecting(let exchange, let pending) = state else {
            if case .success(let connection) = result { connection.channel.close(promise: nil) }
            return
        }
        let origin = exchange.request.origin
        switch result {
        case .success(let connection):
            let channel = connection.channel
            let handler = UpstreamResponseHandler(relay: self, origin: origin, responseTimeout: responseTimeout,
                                                  events: events, connectionID: connectionID)
            do {
                guard channel.eventLoop.inEventLoop else {
                    throw ChannelError.inappropriateOperationForState
                }
                try UpstreamPipeline.addHTTPHandlers(to: channel, handler: handler)
            } catch {
                channel.close(promise: nil)
                fail(exchange, message: "tlspeek: could not set up the connection to \(origin): \(error)")
                return
            }
            let upstream = RelayUpstream(origin: origin, channel: channel, handler: handler,
                                         tls: connection.tls, serverIP: connection.serverIP, poolKey: connection.poolKey,
                                         certificateNames: connection.certificateNames)
            exchange.use(upstream, opened: connection)
            state = .relaying(exchange, upstream)
            for part in pending { forward(part, to: upstream) }
            flushUpstream()
            upstreamBecameWritable()
        case .failure(let error):
            let message = "tlspeek: could not connect to \(origin): \(ErrorReason.text(error))"
            if !(error is RecordedUpstreamFailure) { recordUpstreamError(exchange, message) }
            fail(exchange, message: message)
        }
    }

    private func forward(_ part: RoutedRequestPart, to upstream: RelayUpstream) {
        switch part {
        case .head(let request): upstream.handler.write(.head(request.head))
        case .body(let body): upstream.handler.write(.body(.byteBuffer(body)))
        case .end(let trailers): upstream.handler.write(.end(trailers))
        }
        upstreamNeedsFlush = true
        // A complete request goes out now: parts can arrive outside a read burst (a connector that
        // answered at once, a pipelined request released later), where no channelReadComplete follows.
        if case .end = part { flushUpstream() }
    }

    /// The upstream the current exchange uses, if it has one.
    private var activeUpstream: RelayUpstream? {
        switch state {
        case .relaying(_, let upstream), .switching(_, let upstream, _): upstream
        case .idle, .connecting, .closed: nil
        }
    }

    private func flushUpstream() {
        guard upstreamNeedsFlush, let upstream = activeUpstream else { return }
        upstreamNeedsFlush = false
        upstream.handler.flush()
    }

    /// The response is complete: record it, keep or drop the upstream, keep or close the client
    /// (or, after a `101`, switch protocols once the request is complete too).
    private func finish(_ exchange: Exchange, upstream: RelayUpstream, trailers: HTTPHeaders?, context: ChannelHandlerContext) {
        if let protocols = exchange.upgradedTo {
            context.writeAndFlush(Self.wrapOutboundOut(.end(trailers)), promise: nil)
            if exchange.requestEnded {
                switchProtocols(exchange, to: protocols, upstream: upstream, context: context)
            } else {
                state = .switching(exchange, upstream, protocols: protocols)
            }
            return
        }
        report(exchange, error: nil)
        // A client still sending its body cannot be resynchronised: close it after this response.
        let closeClient = exchange.closeClient || !exchange.requestEnded || clientInputClosed
        let upstreamReusable = exchange.upstreamReusable && exchange.requestEnded
        // With a pool, the next request takes it from there, be it this client connection's or another's.
        let pooled = upstreamReusable && (pool?.checkIn(upstream) ?? false)
        // Nothing else can reuse the upstream of a client that is closed next (it leaked when kept).
        let keptUpstream = !pooled && upstreamReusable && !closeClient ? upstream : nil
        if !pooled && keptUpstream == nil { release(upstream) }
        if closeClient {
            state = .closed
            let written = context.writeAndFlush(Self.wrapOutboundOut(.end(trailers)))
            if exchange.requestEnded {
                let channel = context.channel
                written.whenComplete { _ in channel.close(promise: nil) }
            } else {
                // The client is still sending its body: closing on its unread bytes would reset the
                // connection and could destroy the response (an early 413, say) before it is read.
                LingeringCloseHandler.close(context, after: written)
            }
        } else {
            state = .idle(keptUpstream)
            context.writeAndFlush(Self.wrapOutboundOut(.end(trailers)), promise: nil)
        }
    }

    /// Both messages of an upgraded exchange are through: record it and hand both connections,
    /// without their HTTP handlers (this one included), to a byte-for-byte relay.
    private func switchProtocols(_ exchange: Exchange, to protocols: String, upstream: RelayUpstream,
                                 context: ChannelHandlerContext) {
        upstream.handler.flush()
        state = .closed
        upstream.handler.relay = nil
        report(exchange, error: nil)
        Tunnel.join(client: context.channel, upstream: upstream.channel, target: exchange.request.origin,
                    reason: "upgraded to \(protocols) after 101",
                    events: events, connectionID: connectionID)
    }

    /// Ends an exchange that failed: tlspeek's own `status` (502 unless said otherwise) if nothing was
    /// sent yet, else cut the client connection.
    private func fail(_ exchange: Exchange, message: String, status: HTTPResponseStatus = .badGateway,
                      keepClientAlive: Bool = true) {
        if let upstream = activeUpstream { release(upstream) }
        let responseStarted = exchange.status != nil
        // No response head went out yet: the client gets (and the record shows) tlspeek's own answer.
        if !responseStarted, context != nil {
            exchange.status = Int(status.code)
            exchange.response = nil  // a head the client never saw (a 101 it did not ask for)
        }
        report(exchange, error: message)
        guard let context else { return }
        if !responseStarted {
            let keepAlive = keepClientAlive && exchange.requestEnded && exchange.request.clientKeepAlive && !clientInputClosed
            state = keepAlive ? .idle(nil) : .closed
            PlainTextResponse(status: status, message: message, keepAlive: keepAlive,
                              omitsBody: exchange.request.head.method == .HEAD).write(to: context)
        } else {
            state = .closed
            context.close(promise: nil)
        }
    }

    // MARK: response timeout

    /// The origin sent nothing within the response timeout (`ResponseTimer` signalled it, and
    /// the upstream is closed): the client gets `504 Gateway Timeout` naming the origin and the
    /// timeout, then its connection closes; the exchange and the error are recorded.
    private func responseTimedOut(_ exchange: Exchange, _ timeout: ProxyTimeout) {
        let message = "tlspeek: \(timeout)"
        recordUpstreamError(exchange, message)
        fail(exchange, message: message, status: .gatewayTimeout, keepClientAlive: false)
    }

    /// The `error` record for a failure of the origin or of the way to it (the `http` record gets the
    /// same message from `fail`).
    private func recordUpstreamError(_ exchange: Exchange, _ message: String) {
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "upstream",
                                              target: exchange.request.origin, message: message))
    }

    /// Lets go of an upstream connection we no longer use.
    private func release(_ upstream: RelayUpstream) {
        upstream.handler.relay = nil
        upstream.channel.close(promise: nil)
    }

    private func report(_ exchange: Exchange, error: String?) {
        guard events.recordsHTTPExchange(failed: error != nil) else { return }
        let request = exchange.request.head
        var record = HTTPExchangeRecord(
            connectionID: connectionID, method: request.method.rawValue, url: exchange.request.url,
            status: exchange.status, requestBodyBytes: exchange.requestBodyBytes,
            responseBodyBytes: exchange.responseBodyBytes, error: error, upgradedTo: exchange.upgradedTo)
        record.httpVersion = exchange.request.clientVersion.description
        record.requestHeaders = Self.fields(request.headers)
        if let response = exchange.response {
            record.responseHTTPVersion = response.version.description
            record.statusText = response.status.reasonPhrase
            record.responseHeaders = Self.fields(response.headers)
        }
        record.requestBody = exchange.requestBody
        record.responseBody = exchange.responseBody
        record.timings = exchange.clock.timings()
        record.clientTLS = clientLeg?.reference
        record.upstreamTLS = exchange.upstreamTLS
        record.serverIP = exchange.serverIP
        events.httpExchangeCompleted(record)
    }

    private static func fields(_ headers: HTTPHeaders) -> [HTTPField] {
        headers.map { HTTPField(name: $0.name, value: $0.value) }
    }
}
