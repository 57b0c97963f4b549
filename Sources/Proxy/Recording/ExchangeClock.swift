import Capture
import NIOCore

/// The instants of one exchange as it passes the relay, turned into `ExchangeTimings` at the end.
/// Missing instants (an exchange that failed early) count as zero-length phases.
struct ExchangeClock {
    private let startedAt = Timestamp.now()
    private let started = NIODeadline.now()
    private var upstreamReady: NIODeadline?
    private var requestSent: NIODeadline?
    private var responseStarted: NIODeadline?
    /// How long opening the upstream took; nil on a reused connection.
    private var connectTime: TimeAmount?
    private var sslTime: TimeAmount?

    /// The upstream is ready; `connection` carries its connect times when it was opened for this exchange.
    mutating func upstreamReady(opened connection: UpstreamConnection?) {
        upstreamReady = .now()
        connectTime = connection?.connectTime
        sslTime = connection?.sslTime
    }

    mutating func requestEnded() { requestSent = .now() }

    mutating func responseHeadArrived() { responseStarted = responseStarted ?? .now() }

    func timings(finished: NIODeadline = .now()) -> ExchangeTimings {
        // Each instant is at or after the one before (a server may answer before the request ends).
        let ready = upstreamReady ?? finished
        let sent = max(ready, min(requestSent ?? finished, responseStarted ?? finished))
        let answered = max(sent, responseStarted ?? finished)
        let end = max(answered, finished)
        let connect = connectTime.map { $0 + (sslTime ?? .zero) }
        let opening = connect.map(Self.milliseconds) ?? 0
        return ExchangeTimings(
            started: startedAt,
            blocked: max(0, Self.milliseconds(ready - started) - opening),
            connect: connect.map(Self.milliseconds) ?? -1,
            ssl: sslTime.map(Self.milliseconds) ?? -1,
            send: Self.milliseconds(sent - ready),
            wait: Self.milliseconds(answered - sent),
            receive: Self.milliseconds(end - answered))
    }

    private static func milliseconds(_ amount: TimeAmount) -> Double {
        Double(amount.nanoseconds) / 1_000_000
    }
}
