import NIOCore
import NIOHTTP1

/// Answers `408` and closes a client that does not send a complete request head in time (slowloris):
/// the clock starts when the connection opens and when the first bytes of a later request arrive.
/// Between requests the idle timeout applies instead (`IdleConnectionCloser`).
///
/// A part of `FrontHandler`, which tells it every request part and read-complete the decoder passed
/// on (the decoder reports every read, even before a head is complete) and every response end.
final class RequestHeadTimer {
    private enum State {
        /// A request head is due before the scheduled timeout fires.
        case awaitingHead(Scheduled<Void>)
        /// A request is in; waiting for its response to end.
        case serving
        /// Kept alive between requests, no byte of the next one yet.
        case idle
        /// Timed out or stopped.
        case done
    }

    private let timeout: TimeAmount
    private let events: any ProxyEventSink
    private let connectionID: Int
    private var state = State.idle
    /// Whether the current read burst decoded request parts: a response may have ended within it,
    /// and its read-complete then belongs to that request, not to a new one.
    private var decodedInBurst = false
    /// Where the `408` is written from (see `start`).
    private var answerContext: ChannelHandlerContext?

    init(timeout: TimeAmount, events: any ProxyEventSink, connectionID: Int) {
        self.timeout = timeout
        self.events = events
        self.connectionID = connectionID
    }

    /// The connection opened: its first head is due. The `408` answers no request, so it is written
    /// from `answerContext`, in front of `HTTPServerPipelineHandler`, which takes every response for
    /// the answer to a request it passed on.
    func start(answeringFrom answerContext: ChannelHandlerContext) {
        self.answerContext = answerContext
        startClock()
    }

    func stop() {
        if case .awaitingHead(let timer) = state { timer.cancel() }
        state = .done
        answerContext = nil
    }

    func decoded(_ part: HTTPServerRequestPart) {
        decodedInBurst = true
        guard case .head = part else { return }
        switch state {
        case .awaitingHead(let timer):
            timer.cancel()
            state = .serving
        case .idle:
            state = .serving
        case .serving, .done:
            break
        }
    }

    func readCompleted() {
        // Bytes arrived without completing a head: the next request has started.
        if case .idle = state, !decodedInBurst { startClock() }
        decodedInBurst = false
    }

    func responseEnded() {
        if case .serving = state { state = .idle }
    }

    /// After a `408` the decoder still holds the unfinished head, and calls it malformed when the
    /// client closes: that is the timeout already recorded, not another failure.
    func absorbs(_ error: any Error) -> Bool {
        if case .done = state, error is HTTPParserError { return true }
        return false
    }

    private func startClock() {
        guard let answerContext else { return }
        let timer = answerContext.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.timedOut()
        }
        state = .awaitingHead(timer)
    }

    private func timedOut() {
        guard case .awaitingHead = state, let answerContext else { return }
        state = .done
        let message = "tlspeek: \(ProxyTimeout.requestHead(timeout))"
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "client", target: nil, message: message))
        PlainTextResponse(status: .requestTimeout, message: message, keepAlive: false).write(to: answerContext)
    }
}
