import NIOCore
import NIOHTTP1

/// Answers `408` and closes a client that does not send a complete request head in time (slowloris):
/// the clock starts when the connection opens and when the first bytes of a later request arrive.
/// Between requests the idle timeout applies instead (`IdleConnectionCloser`).
///
/// Sits right behind the request decoder, which reports every read (`channelReadComplete`) even
/// before a head is complete, and in front of the pipelining handler, so that its `408` goes
/// straight to the encoder.
final class RequestHeadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// A request head is due before the scheduled timeout fires.
        case awaitingHead(Scheduled<Void>)
        /// Requests are in; waiting for this many responses to end.
        case serving(outstanding: Int)
        /// Kept alive between requests, no byte of the next one yet.
        case idle
        /// Timed out or removed.
        case done
    }

    private let timeout: TimeAmount
    private let events: any ProxyEventSink
    private let connectionID: Int
    private var state = State.idle
    /// Whether the current read burst decoded request parts: a response may have ended within it,
    /// and its read-complete then belongs to that request, not to a new one.
    private var decodedInBurst = false

    init(timeout: TimeAmount, events: any ProxyEventSink, connectionID: Int) {
        self.timeout = timeout
        self.events = events
        self.connectionID = connectionID
    }

    func handlerAdded(context: ChannelHandlerContext) {
        startClock(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if case .awaitingHead(let timer) = state { timer.cancel() }
        state = .done
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        decodedInBurst = true
        if case .head = Self.unwrapInboundIn(data) {
            switch state {
            case .awaitingHead(let timer):
                timer.cancel()
                state = .serving(outstanding: 1)
            case .serving(let outstanding):
                state = .serving(outstanding: outstanding + 1)  // pipelined
            case .idle:
                state = .serving(outstanding: 1)
            case .done:
                break
            }
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Bytes arrived without completing a head: the next request has started.
        if case .idle = state, !decodedInBurst { startClock(context: context) }
        decodedInBurst = false
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // After a 408 the decoder still holds the unfinished head, and calls it malformed when the
        // client closes: that is the timeout already recorded, not another failure.
        if case .done = state, error is HTTPParserError { return }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = Self.unwrapOutboundIn(data), case .serving(let outstanding) = state {
            state = outstanding > 1 ? .serving(outstanding: outstanding - 1) : .idle
        }
        context.write(data, promise: promise)
    }

    private func startClock(context: ChannelHandlerContext) {
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.timedOut(context: context)
        }
        state = .awaitingHead(timer)
    }

    private func timedOut(context: ChannelHandlerContext) {
        guard case .awaitingHead = state else { return }
        state = .done
        let message = "tlspeek: \(ProxyTimeout.requestHead(timeout))"
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "client", target: nil, message: message))
        PlainTextResponse(status: .requestTimeout, message: message, keepAlive: false).write(to: context)
    }
}
