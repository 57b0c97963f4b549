import NIOCore

/// A connected upstream channel and what the connector learned while opening it, for the `http`
/// records of the exchanges it carries.
public struct UpstreamConnection: Sendable {
    /// The channel the relay appends its HTTP client handlers to.
    public let channel: any Channel
    /// The TLS leg, nil for plain TCP.
    public var tls: TLSLegReference?
    /// How long the TCP connect took (name resolution included: NIO does not report it apart).
    public var connectTime: TimeAmount?
    /// How long the TLS handshake took after the TCP connect.
    public var sslTime: TimeAmount?
    /// Which idle connections it is interchangeable with (`--reuse-upstream`); nil: never pooled.
    public var poolKey: UpstreamPoolKey?
    /// The server certificate's names a minted leaf mirrors (TLS interception), kept for the client
    /// connections a pooled connection may serve.
    public var certificateNames: [String]

    /// A connection with the facts known about it.
    public init(channel: any Channel, tls: TLSLegReference? = nil, connectTime: TimeAmount? = nil,
                sslTime: TimeAmount? = nil, poolKey: UpstreamPoolKey? = nil, certificateNames: [String] = []) {
        self.channel = channel
        self.tls = tls
        self.connectTime = connectTime
        self.sslTime = sslTime
        self.poolKey = poolKey
        self.certificateNames = certificateNames
    }

    /// The server's IP address, read from the channel.
    var serverIP: String? { channel.remoteAddress?.ipAddress }
}

/// Which `tls` record a leg wrote, and the version it negotiated, as `http` records cite them.
public struct TLSLegReference: Hashable, Sendable {
    /// The `id` of the leg's `tls` record, e.g. `7.upstream.1`.
    public var recordID: String
    /// The negotiated version, e.g. `TLSv1.3`.
    public var version: String?

    public init(recordID: String, version: String?) {
        self.recordID = recordID
        self.version = version
    }
}

/// The client leg of an intercepted connection. Its handshake is still running when the relay is
/// installed, so the version is asked for when an exchange is recorded (the handshake is done by then).
public struct ClientTLSLeg: Sendable {
    /// The `id` of the client leg's `tls` record, e.g. `7.client`.
    public let recordID: String
    private let version: @Sendable () -> String?

    public init(recordID: String, version: @escaping @Sendable () -> String?) {
        self.recordID = recordID
        self.version = version
    }

    /// The leg as it stands now.
    var reference: TLSLegReference { TLSLegReference(recordID: recordID, version: version()) }
}
