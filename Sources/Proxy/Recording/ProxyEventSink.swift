/// Where the proxy reports what it did; the Capture module's recorder will implement this.
///
/// Methods are called on event loops and must not block.
public protocol ProxyEventSink: Sendable {
    /// Whether `httpExchangeCompleted` keeps the record of an exchange that did (or did not) fail;
    /// when not, the relay does not build it.
    func recordsHTTPExchange(failed: Bool) -> Bool
    /// An HTTP exchange finished, successfully or not.
    func httpExchangeCompleted(_ record: HTTPExchangeRecord)
    /// A byte-for-byte relay (passthrough tunnel, non-HTTP or upgraded stream) closed.
    func tunnelClosed(_ record: TunnelRecord)
    /// Something failed outside an HTTP exchange or tunnel record.
    func errorOccurred(_ record: ProxyErrorRecord)
}

extension ProxyEventSink {
    public func recordsHTTPExchange(failed: Bool) -> Bool { true }
    public func httpExchangeCompleted(_ record: HTTPExchangeRecord) {}
    public func tunnelClosed(_ record: TunnelRecord) {}
    public func errorOccurred(_ record: ProxyErrorRecord) {}
}

/// A sink that ignores every event.
public struct NoProxyEvents: ProxyEventSink {
    /// The no-op sink.
    public init() {}
}

/// One relayed HTTP request and its response.
public struct HTTPExchangeRecord: Hashable, Sendable {
    /// The client connection the exchange arrived on.
    public var connectionID: Int
    /// The request method, e.g. `GET`.
    public var method: String
    /// The absolute URL, e.g. `http://example.com/path`.
    public var url: String
    /// The response status code, nil when no response head was relayed.
    public var status: Int?
    /// Request body bytes forwarded upstream.
    public var requestBodyBytes: Int
    /// Response body bytes forwarded to the client.
    public var responseBodyBytes: Int
    /// Why the exchange failed, nil when it completed.
    public var error: String?
    /// The protocol the connection switched to after a `101` (e.g. `websocket`); what follows is
    /// relayed byte for byte and recorded as a tunnel.
    public var upgradedTo: String?
    /// The request's version as the client sent it, e.g. `HTTP/1.1`.
    public var httpVersion = "HTTP/1.1"
    /// The request header fields in order, as sent upstream (hop-by-hop fields removed).
    public var requestHeaders: [HTTPField] = []
    /// The response's version, reason phrase and header fields as received from the upstream.
    public var responseHTTPVersion: String?
    public var statusText: String?
    public var responseHeaders: [HTTPField] = []
    /// The first bytes of each body, as they went through (still content-encoded).
    public var requestBody = BodyPreview()
    public var responseBody = BodyPreview()
    /// How long each phase took; nil only for records built outside the relay.
    public var timings: ExchangeTimings?
    /// The TLS legs the exchange rode on: client↔proxy and proxy↔server (nil for plaintext).
    public var clientTLS: TLSLegReference?
    public var upstreamTLS: TLSLegReference?
    /// The upstream's IP address.
    public var serverIP: String?

    /// A record from its fields.
    public init(connectionID: Int, method: String, url: String, status: Int?, requestBodyBytes: Int,
                responseBodyBytes: Int, error: String?, upgradedTo: String? = nil) {
        self.connectionID = connectionID
        self.method = method
        self.url = url
        self.status = status
        self.requestBodyBytes = requestBodyBytes
        self.responseBodyBytes = responseBodyBytes
        self.error = error
        self.upgradedTo = upgradedTo
    }
}

/// One header field, in the order and spelling it was sent.
public struct HTTPField: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One connection relayed byte for byte: a CONNECT passthrough, decrypted bytes that are not
/// HTTP, or what follows a `101 Switching Protocols`.
public struct TunnelRecord: Hashable, Sendable {
    /// The client connection that sent the CONNECT.
    public var connectionID: Int
    /// The CONNECT target.
    public var target: ConnectTarget
    /// Bytes from the client to the server.
    public var bytesUp: Int
    /// Bytes from the server to the client.
    public var bytesDown: Int
    /// Why the bytes were not parsed, e.g. "matches --ignore-hosts '*.bank.example'", "upgraded to websocket after 101".
    public var reason: String
    /// Why the tunnel failed, nil when both sides closed normally.
    public var error: String?

    /// A record from its fields.
    public init(connectionID: Int, target: ConnectTarget, bytesUp: Int, bytesDown: Int, reason: String, error: String?) {
        self.connectionID = connectionID
        self.target = target
        self.bytesUp = bytesUp
        self.bytesDown = bytesDown
        self.reason = reason
        self.error = error
    }
}

/// A failure that is not part of an HTTP exchange record (e.g. a tunnel that could not connect).
public struct ProxyErrorRecord: Hashable, Sendable {
    /// The client connection it happened on.
    public var connectionID: Int
    /// Where it happened, e.g. "tunnel", "client".
    public var stage: String
    /// The target involved, if any.
    public var target: ConnectTarget?
    /// What failed.
    public var message: String

    /// A record from its fields.
    public init(connectionID: Int, stage: String, target: ConnectTarget?, message: String) {
        self.connectionID = connectionID
        self.stage = stage
        self.target = target
        self.message = message
    }
}
