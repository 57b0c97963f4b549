import NIOCore

/// How long an origin may take to answer: from the last request byte written to it to its first
/// response byte, then `onExpiry` runs (the relay's end of the upstream fails the exchange with
/// `ProxyTimeout.responseHead`: a `504`). Restarted by every request part written, so an upload's
/// length does not count against the origin.
///
/// A request part costs no timer operation of the event loop: one check stays scheduled while it
/// may still matter, and when it finds that the deadline moved on it waits for the rest.
final class ResponseTimer {
    private enum State {
        /// No check scheduled.
        case off
        /// Waiting for the origin until `deadline`.
        case waiting(until: NIODeadline, check: Scheduled<Void>)
        /// The origin answered; the check still scheduled will find nothing to do.
        case answered(check: Scheduled<Void>)
    }

    private let timeout: TimeAmount
    private let eventLoop: any EventLoop
    private let onExpiry: () -> Void
    private var state = State.off
    /// The current read burst brought response parts.
    private var partsInBurst = false
    /// A request part was written after them (the next request on a kept-alive connection, sent
    /// while its predecessor's last part was being handled): the burst's end does not answer it.
    private var writtenAfterParts = false

    init(timeout: TimeAmount, eventLoop: any EventLoop, onExpiry: @escaping () -> Void) {
        self.timeout = timeout
        self.eventLoop = eventLoop
        self.onExpiry = onExpiry
    }

    func requestWritten() {
        if partsInBurst { writtenAfterParts = true }
        let deadline = eventLoop.now + timeout
        switch state {
        case .off:
            state = .waiting(until: deadline, check: scheduleCheck(at: deadline))
        case .waiting(_, let check), .answered(let check):
            state = .waiting(until: deadline, check: check)
        }
    }

    /// Response parts arrived.
    func responseArrived() {
        partsInBurst = true
        answered()
    }

    /// A read burst ended: its bytes answer the request even if they do not make a part yet.
    func readCompleted() {
        if !writtenAfterParts { answered() }
        partsInBurst = false
        writtenAfterParts = false
    }

    func stop() {
        switch state {
        case .waiting(_, let check), .answered(let check): check.cancel()
        case .off: break
        }
        state = .off
    }

    private func answered() {
        if case .waiting(_, let check) = state { state = .answered(check: check) }
    }

    private func scheduleCheck(at deadline: NIODeadline) -> Scheduled<Void> {
        eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { self.check() }
    }

    private func check() {
        switch state {
        case .waiting(let deadline, _) where deadline > eventLoop.now:
            state = .waiting(until: deadline, check: scheduleCheck(at: deadline))
        case .waiting:
            state = .off
            onExpiry()
        case .answered, .off:
            state = .off
        }
    }
}
