/// What makes two idle upstream connections interchangeable in an `UpstreamPool`: the same target
/// and the same transport. The ALPN offer upstream is always `http/1.1` and verification is one
/// setting for the whole proxy, so neither is part of it.
public struct UpstreamPoolKey: Hashable, Sendable {
    /// How the connection reaches the target.
    public enum Transport: Hashable, Sendable {
        case plain
        /// TLS, with this SNI sent upstream (none goes out for an IP literal, but the name still tells apart).
        case tls(serverName: String)
    }

    public let target: ConnectTarget
    public let transport: Transport

    public init(target: ConnectTarget, transport: Transport) {
        self.target = target
        self.transport = transport
    }
}
