import NIOCore

/// A SwiftNIO handler that speaks TLS over its channel: ciphertext below, plaintext above.
/// Server mode asks an identity provider for its certificate once the ClientHello is known;
/// client mode reports certificate verification as data. Confined to the channel's event loop.
public final class TLSHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private enum Role {
        case server(identityProvider: ServerIdentityProvider)
        case client
    }

    private enum State {
        /// The channel is not active yet.
        case idle
        case handshaking
        /// Server mode: the handshake is paused until the identity future completes.
        case awaitingIdentity
        case active
        /// The peer's close_notify arrived and half-closure is allowed: we may still write.
        case inputClosed
        /// Our close_notify was sent and TCP output shut down: we may still read.
        case outputClosed
        /// Our close_notify is on its way; the channel closes once it is written (or after a timeout).
        case closing(EventLoopPromise<Void>?, Scheduled<Void>)
        case closed
    }

    /// What `write` and `close(mode: .output)` queue until a flush can run them in order.
    private enum BufferedAction {
        case write(ByteBuffer, EventLoopPromise<Void>?)
        case closeOutput(EventLoopPromise<Void>?)
    }

    /// The most plaintext one TLS record carries; smaller flushed writes are coalesced up to this.
    private static let maximumRecordPlaintext = 16 * 1024
    /// How long a close waits for its close_notify to reach the socket before closing anyway.
    private static let closeNotifyTimeout = TimeAmount.seconds(5)

    private let role: Role
    private let connection: SSLConnection
    private let onEvent: (TLSEvent) -> Void
    private var state = State.idle
    private var bufferedActions = MarkedCircularBuffer<BufferedAction>(initialCapacity: 4)
    /// Decrypted data collected during a read burst.
    private var plaintext = ByteBuffer()
    /// Whether the next handler asked for data (`read`) that has not been delivered yet.
    private var readRequested = false

    /// A server-mode handler: `identityProvider` picks the certificate once the ClientHello is in.
    public init(serverContext: TLSContext, identityProvider: @escaping ServerIdentityProvider,
                onEvent: @escaping (TLSEvent) -> Void) throws {
        guard serverContext.isServer else { throw OpenSSLError(operation: "TLSHandler", reasons: ["not a server context"]) }
        role = .server(identityProvider: identityProvider)
        connection = try SSLConnection(serverContext: serverContext)
        self.onEvent = onEvent
    }

    /// A client-mode handler connecting to `serverName` (host name or IP literal) for SNI and verification;
    /// `alpnOffers` overrides the context's ALPN offer for this connection (e.g. to mirror a client's);
    /// with a `sessionKey` the context's cached session for it is resumed, and new sessions are cached.
    public init(clientContext: TLSContext, serverName: String?, alpnOffers: [String]? = nil,
                sessionKey: TLSSessionKey? = nil, onEvent: @escaping (TLSEvent) -> Void) throws {
        guard !clientContext.isServer else { throw OpenSSLError(operation: "TLSHandler", reasons: ["not a client context"]) }
        role = .client
        connection = try SSLConnection(clientContext: clientContext, serverName: serverName, alpnOffers: alpnOffers,
                                       sessionKey: sessionKey)
        self.onEvent = onEvent
    }

    // MARK: - Lifecycle

    public func handlerAdded(context: ChannelHandlerContext) {
        plaintext = context.channel.allocator.buffer(capacity: 0)
        if context.channel.isActive { startHandshake(context: context) }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        if case .closing(let promise, let timeout) = state {
            timeout.cancel()
            context.close(mode: .all, promise: promise)
        }
        state = .closed
        discardBufferedActions(reason: ChannelError.ioOnClosedChannel)
    }

    public func channelActive(context: ChannelHandlerContext) {
        // Fired first so that later handlers see active before any inactive a failed handshake causes.
        context.fireChannelActive()
        startHandshake(context: context)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .idle, .inputClosed, .closed:
            break
        case .closing(let promise, let timeout):
            timeout.cancel()
            promise?.succeed(())
        case .handshaking, .awaitingIdentity:
            report(.eofDuringHandshake, duringHandshake: true, context: context)
        case .active, .outputClosed:
            // Pitfall 3: the BIO never reports EOF (like a memory BIO), so a missing close_notify is noticed here.
            report(.uncleanShutdown, duringHandshake: false, context: context)
        }
        state = .closed
        discardBufferedActions(reason: ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // TCP input ended (half-closure allowed).
        switch state {
        case .idle:
            context.fireUserInboundEventTriggered(event)
        case .inputClosed, .closing, .closed:
            break // already reported when close_notify arrived, or nothing left to tell
        case .handshaking, .awaitingIdentity:
            fail(.eofDuringHandshake, context: context)
        case .active, .outputClosed:
            fail(.uncleanShutdown, context: context)
        }
    }

    // MARK: - Inbound

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let ciphertext = unwrapInboundIn(data)
        switch state {
        case .idle, .handshaking:
            connection.feed(ciphertext)
            doHandshakeStep(context: context)
        case .awaitingIdentity:
            connection.feed(ciphertext) // consumed when the handshake resumes
        case .active, .outputClosed:
            connection.feed(ciphertext)
            decode(context: context)
        case .inputClosed, .closing, .closed:
            break // after close_notify nothing more is TLS data we owe anyone
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        switch state {
        case .active, .outputClosed:
            // Deliver one burst only when asked; otherwise keep asking on the next handler's behalf.
            if readRequested, !deliverPlaintext(context: context) { context.read() }
        case .idle, .handshaking, .awaitingIdentity, .inputClosed, .closing, .closed:
            break
        }
    }

    public func read(context: ChannelHandlerContext) {
        readRequested = true
        switch state {
        case .active, .outputClosed:
            // Plaintext held back (e.g. decrypted with the peer's Finished) answers this read. The socket
            // is still asked for more: with autoRead the channel only re-issues a read after a socket read
            // completes, so a consumer that issues no further read() (HTTPServerPipelineHandler once the
            // response is sent) would otherwise never see the next request. At most one more socket
            // burst is decrypted and held until the next read(), so back-pressure still holds.
            _ = deliverPlaintext(context: context)
        case .idle, .handshaking, .awaitingIdentity, .inputClosed, .closing, .closed:
            break
        }
        context.read()
    }

    // MARK: - Outbound

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch state {
        case .idle, .handshaking, .awaitingIdentity, .active, .inputClosed:
            bufferedActions.append(.write(unwrapOutboundIn(data), promise))
        case .outputClosed:
            promise?.fail(ChannelError.outputClosed)
        case .closing, .closed:
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    public func flush(context: ChannelHandlerContext) {
        bufferedActions.mark()
        switch state {
        case .active, .inputClosed:
            runBufferedActions(context: context)
        case .idle, .handshaking, .awaitingIdentity, .outputClosed, .closing, .closed:
            break // nothing app-level goes out before the handshake completes
        }
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        switch mode {
        case .all:
            closeAll(context: context, promise: promise)
        case .output:
            switch state {
            case .idle, .handshaking, .awaitingIdentity, .active, .inputClosed:
                // After the writes queued before it, and only once the handshake is done.
                bufferedActions.append(.closeOutput(promise))
                flush(context: context)
            case .outputClosed, .closing, .closed:
                context.close(mode: .output, promise: promise) // the channel reports what is already closed
            }
        case .input:
            promise?.fail(ChannelError.operationUnsupported)
        }
    }

    // MARK: - Handshake

    private func startHandshake(context: ChannelHandlerContext) {
        guard case .idle = state else { return }
        state = .handshaking
        doHandshakeStep(context: context)
    }

    private func doHandshakeStep(context: ChannelHandlerContext) {
        state = .handshaking
        let status = connection.doHandshake()
        deliverEvents()
        writeCiphertext(context: context, promise: nil)
        guard case .handshaking = state else { return } // an event consumer closed the channel
        switch status {
        case .wantRead:
            // The handshake needs ciphertext whether or not the next handler has asked for data.
            context.read()
        case .wantIdentity(let info):
            state = .awaitingIdentity
            requestIdentity(info, context: context)
        case .complete:
            completeHandshake(context: context)
        case .failed(let error):
            fail(error, context: context)
        }
    }

    private func requestIdentity(_ info: ClientHelloInfo, context: ChannelHandlerContext) {
        guard case .server(let identityProvider) = role else {
            preconditionFailure("a client connection paused for a server identity")
        }
        let eventLoop = context.eventLoop
        identityProvider(info).hop(to: eventLoop).assumeIsolated().whenComplete { result in
            // Resume on a later tick even if the future was already complete: never re-enter OpenSSL.
            eventLoop.assumeIsolated().execute {
                self.identityArrived(result, context: context)
            }
        }
    }

    private func identityArrived(_ result: Result<ServerIdentity, Error>, context: ChannelHandlerContext) {
        guard case .awaitingIdentity = state else { return } // closed meanwhile
        switch result {
        case .success(let identity):
            do {
                try connection.install(identity)
            } catch {
                connection.failIdentity(reason: String(describing: error))
            }
        case .failure(let error):
            // The next step makes OpenSSL abort with an internal_error alert.
            connection.failIdentity(reason: String(describing: error))
        }
        doHandshakeStep(context: context)
    }

    private func completeHandshake(context: ChannelHandlerContext) {
        state = .active
        let summary = connection.summary()
        onEvent(.handshakeCompleted(summary))
        context.fireUserInboundEventTriggered(TLSHandshakeCompleted(summary: summary))
        // Application data may have arrived with the peer's last flight; channelReadComplete delivers it.
        guard case .active = state else { return }
        decode(context: context)
        guard case .active = state else { return }
        runBufferedActions(context: context)
    }

    // MARK: - Application data

    private func decode(context: ChannelHandlerContext) {
        let status = connection.read(into: &plaintext)
        deliverEvents()
        // Pitfall 4: reading can produce output (TLS 1.3 tickets, key update replies).
        writeCiphertext(context: context, promise: nil)
        switch status {
        case .wantRead:
            break
        case .closeNotify:
            closeNotifyReceived(context: context)
        case .failed(let error):
            fail(error, context: context)
        }
    }

    /// Fires the collected plaintext as one read; false when there was none.
    private func deliverPlaintext(context: ChannelHandlerContext) -> Bool {
        guard plaintext.readableBytes > 0 else { return false }
        let burst = plaintext
        plaintext = context.channel.allocator.buffer(capacity: 0)
        readRequested = false
        context.fireChannelRead(wrapInboundOut(burst))
        context.fireChannelReadComplete()
        return true
    }

    private func closeNotifyReceived(context: ChannelHandlerContext) {
        // Data before the close_notify must reach the next handler before the closure does.
        _ = deliverPlaintext(context: context)
        let halfClosureAllowed = (try? context.channel.syncOptions?.getOption(ChannelOptions.allowRemoteHalfClosure)) ?? false
        switch state {
        case .active where halfClosureAllowed:
            state = .inputClosed
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        case .outputClosed where halfClosureAllowed:
            // Both directions are done now.
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            closeAll(context: context, promise: nil)
        case .active, .outputClosed:
            // The channel cannot half-close: answer with our close_notify and close.
            closeAll(context: context, promise: nil)
        case .idle, .handshaking, .awaitingIdentity, .inputClosed, .closing, .closed:
            break
        }
    }

    /// Encrypts the flushed writes into one ciphertext write with their promises merged.
    private func runBufferedActions(context: ChannelHandlerContext) {
        var merged: EventLoopPromise<Void>?
        // Consecutive writes that fit one TLS record together, not yet encrypted.
        var batch = ByteBuffer()
        while bufferedActions.hasMark, let action = bufferedActions.popFirst() {
            switch (action, state) {
            case (.write(let data, let promise), .active), (.write(let data, let promise), .inputClosed):
                merged = Self.merge(merged, promise)
                // Why: every SSL_write is at least one record (header, AEAD tag and setup, a message
                // callback, the peer's decryption); a small response is head + body, so coalescing
                // small writes (one copy) makes it one record instead of two.
                if batch.readableBytes + data.readableBytes <= Self.maximumRecordPlaintext {
                    if batch.readableBytes == 0 { batch = data } else { batch.writeImmutableBuffer(data) }
                    continue
                }
                guard encrypt(batch, context: context, failing: merged) else { return }
                if data.readableBytes <= Self.maximumRecordPlaintext {
                    batch = data
                } else {
                    guard encrypt(data, context: context, failing: merged) else { return }
                    batch = ByteBuffer()
                }
            case (.write(_, let promise), _):
                promise?.fail(ChannelError.outputClosed)
            case (.closeOutput(let promise), _):
                guard encrypt(batch, context: context, failing: merged) else { return }
                batch = ByteBuffer()
                writeCiphertext(context: context, promise: merged)
                merged = nil
                closeOutput(context: context, promise: promise)
            }
        }
        guard encrypt(batch, context: context, failing: merged) else { return }
        writeCiphertext(context: context, promise: merged)
    }

    /// Encrypts `data` (nothing if empty); on failure fails `promise` and the connection and returns false.
    private func encrypt(_ data: ByteBuffer, context: ChannelHandlerContext, failing promise: EventLoopPromise<Void>?) -> Bool {
        guard let error = connection.write(data) else { return true }
        promise?.fail(error)
        fail(error, context: context)
        return false
    }

    private static func merge(_ first: EventLoopPromise<Void>?, _ second: EventLoopPromise<Void>?) -> EventLoopPromise<Void>? {
        guard let first else { return second }
        if let second { first.futureResult.cascade(to: second) }
        return first
    }

    // MARK: - Closing

    private func closeOutput(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        switch state {
        case .active:
            sendCloseNotify()
            state = .outputClosed
            writeCiphertext(context: context, promise: nil)
            context.close(mode: .output, promise: promise)
        case .inputClosed:
            // Input is already done, so closing output closes everything.
            closeAll(context: context, promise: promise)
        case .idle, .handshaking, .awaitingIdentity, .outputClosed, .closing, .closed:
            context.close(mode: .output, promise: promise)
        }
    }

    private func closeAll(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        switch state {
        case .active, .inputClosed:
            sendCloseNotify()
            discardBufferedActions(reason: ChannelError.ioOnClosedChannel)
            // Closing fails writes still queued in the channel, so close once the close_notify is out.
            let timeout = context.eventLoop.assumeIsolated().scheduleTask(in: Self.closeNotifyTimeout) {
                self.finishClosing(context: context)
            }
            state = .closing(promise, timeout)
            let written = context.eventLoop.makePromise(of: Void.self)
            writeCiphertext(context: context, promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in self.finishClosing(context: context) }
        case .closing(let pending, let timeout):
            state = .closing(Self.merge(pending, promise), timeout)
        case .idle, .handshaking, .awaitingIdentity, .outputClosed, .closed:
            // Pitfall 5: no close_notify mid-handshake; after output closure it was already sent.
            state = .closed
            discardBufferedActions(reason: ChannelError.ioOnClosedChannel)
            context.close(mode: .all, promise: promise)
        }
    }

    private func finishClosing(context: ChannelHandlerContext) {
        guard case .closing(let promise, let timeout) = state else { return }
        timeout.cancel()
        state = .closed
        context.close(mode: .all, promise: promise)
    }

    /// Reports `error`, then closes: the alert OpenSSL queued (if any) goes out first.
    private func fail(_ error: TLSError, context: ChannelHandlerContext) {
        let duringHandshake: Bool
        switch state {
        case .closing, .closed:
            return
        case .idle, .handshaking, .awaitingIdentity:
            duringHandshake = true
        case .active, .inputClosed, .outputClosed:
            duringHandshake = false
        }
        state = .closed
        writeCiphertext(context: context, promise: nil)
        discardBufferedActions(reason: error)
        report(error, duringHandshake: duringHandshake, context: context)
        context.close(promise: nil)
    }

    private func report(_ error: TLSError, duringHandshake: Bool, context: ChannelHandlerContext) {
        onEvent(duringHandshake ? .handshakeFailed(error) : .connectionFailed(error))
        context.fireErrorCaught(error)
    }

    private func discardBufferedActions(reason: Error) {
        while let action = bufferedActions.popFirst() {
            switch action {
            case .write(_, let promise), .closeOutput(let promise):
                promise?.fail(reason)
            }
        }
    }

    // MARK: - Plumbing

    /// Queues our close_notify; `writeCiphertext` sends it.
    private func sendCloseNotify() {
        connection.shutdown()
        deliverEvents()
    }

    private func deliverEvents() {
        for event in connection.takeEvents() { onEvent(event) }
    }

    /// Writes and flushes all ciphertext OpenSSL produced; a promise with nothing to write still waits its turn.
    private func writeCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        if let ciphertext = connection.takeOutput() {
            context.writeAndFlush(wrapOutboundOut(ciphertext), promise: promise)
        } else if let promise {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
        }
    }
}

@available(*, unavailable)
extension TLSHandler: Sendable {}
