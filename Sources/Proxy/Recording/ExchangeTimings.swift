import Capture

/// How long each phase of an exchange took, in milliseconds, with HAR's meanings: `-1` when a phase
/// does not apply (`connect`/`ssl` on a reused connection, `dns` always: NIO resolves inside the
/// connect, which therefore includes it). As in HAR, `connect` includes `ssl`.
public struct ExchangeTimings: Hashable, Sendable {
    /// When the request head arrived at the proxy.
    public var started: Timestamp
    /// Waiting for an upstream connection, beyond connecting it.
    public var blocked: Double
    public var dns: Double = -1
    public var connect: Double
    public var ssl: Double
    /// Sending the request upstream (until its end was written).
    public var send: Double
    /// Until the response head arrived.
    public var wait: Double
    /// Receiving the response body.
    public var receive: Double

    public init(started: Timestamp, blocked: Double, connect: Double, ssl: Double, send: Double, wait: Double,
                receive: Double) {
        self.started = started
        self.blocked = blocked
        self.connect = connect
        self.ssl = ssl
        self.send = send
        self.wait = wait
        self.receive = receive
    }

    /// HAR's `time`: the sum of the phases that apply (`ssl` is inside `connect`). For the first
    /// exchange on an eagerly opened intercepted upstream it counts the connect that ran before the
    /// request arrived, so it can exceed the wall-clock time since `started`.
    public var total: Double {
        [blocked, dns, connect, send, wait, receive].filter { $0 >= 0 }.reduce(0, +)
    }
}
