import NIOCore

/// How long the proxy waits for each party before giving up on a connection; see the README.
public struct ProxyTimeouts: Sendable, Equatable {
    /// A client must send a complete request head within this time of connecting or of starting
    /// the request (slowloris); then it gets `408` and is closed.
    public var requestHead: TimeAmount
    /// A client connection (kept-alive HTTP, CONNECT tunnel, intercepted stream) with no bytes
    /// either way for this long is closed.
    public var idle: TimeAmount
    /// An origin that sends no response byte within this time of the last request byte gets the
    /// client a `504`.
    public var responseHead: TimeAmount

    /// The defaults: 30 s for a request head, 300 s idle, 60 s for a response.
    public init(requestHead: TimeAmount = .seconds(30), idle: TimeAmount = .seconds(300),
                responseHead: TimeAmount = .seconds(60)) {
        self.requestHead = requestHead
        self.idle = idle
        self.responseHead = responseHead
    }
}
