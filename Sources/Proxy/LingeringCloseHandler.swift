import NIOCore
import NIOHTTP1

/// Ends a client connection after tlspeek's last answer on it (an error response) so that the
/// client reliably reads that answer. Closing a socket that still holds unread client bytes makes
/// the kernel send a reset, which can overtake the answer and make the client drop it; so, like
/// nginx's and Apache's lingering close, once the answer is written the output is half-closed
/// (TLS: close_notify, then FIN), and whatever the client still sends is read and dropped until it
/// closes, for at most `duration` or `byteLimit` bytes. Then the connection closes.
///
/// It sits in front of the HTTP request decoder (behind an interceptor's TLS handler), so nothing
/// the client sends after the answer reaches the HTTP handlers.
final class LingeringCloseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private enum State {
        /// Installed; the answer is on its way.
        case awaitingAnswer
        /// Output half-closed; dropping the client's bytes until it closes.
        case lingering
        case closed
    }

    /// How long the client gets, from the answer, before the connection closes anyway (Apache's 2 s).
    static let defaultDuration = TimeAmount.seconds(2)
    /// How much the client may still send before the connection closes anyway.
    static let defaultByteLimit = 1 << 20

    private let answer: EventLoopFuture<Void>
    private let duration: TimeAmount
    private let byteLimit: Int
    private var state = State.awaitingAnswer
    private var deadline: Scheduled<Void>?
    private var discardedBytes = 0

    /// `answer` completes when the last response is written; the output is half-closed then.
    init(after answer: EventLoopFuture<Void>, duration: TimeAmount = defaultDuration, byteLimit: Int = defaultByteLimit) {
        self.answer = answer
        self.duration = duration
        self.byteLimit = byteLimit
    }

    /// Closes `context`'s client connection this way once `answer` is written: in front of its
    /// HTTP decoder, or at once when there is none.
    static func close(_ context: ChannelHandlerContext, after answer: EventLoopFuture<Void>) {
        let pipeline = context.pipeline.syncOperations
        guard (try? pipeline.handler(type: LingeringCloseHandler.self)) == nil else { return }  // closing already
        do {
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(LingeringCloseHandler(after: answer), position: .before(decoder))
        } catch {
            let channel = context.channel
            answer.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: duration) {
            self.finish(context: context)
        }
        answer.hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
            self.answerWritten(result, context: context)
        }
        // The HTTP handlers behind may hold reads back (a response was pending): read on their behalf.
        context.read()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        state = .closed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        discardedBytes += Self.unwrapInboundIn(data).readableBytes
        if discardedBytes > byteLimit { finish(context: context) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if case .closed = state { return }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            finish(context: context)  // the client is done: nothing left to wait for
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // E.g. a TLS client that closes without close_notify: the answer is out, so close quietly.
        finish(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        state = .closed
        context.fireChannelInactive()
    }

    private func answerWritten(_ result: Result<Void, any Error>, context: ChannelHandlerContext) {
        guard case .awaitingAnswer = state else { return }
        guard case .success = result else { return finish(context: context) }
        state = .lingering
        let halfClosed = context.eventLoop.makePromise(of: Void.self)
        context.close(mode: .output, promise: halfClosed)
        halfClosed.futureResult.assumeIsolated().whenFailure { _ in self.finish(context: context) }
    }

    private func finish(context: ChannelHandlerContext) {
        if case .closed = state { return }
        state = .closed
        deadline?.cancel()
        context.close(promise: nil)
    }
}
