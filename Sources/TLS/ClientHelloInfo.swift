/// What a server-mode handshake learned from the client's ClientHello before choosing a certificate.
public struct ClientHelloInfo: Sendable, Equatable {
    /// The SNI host name, if the client sent one.
    public let serverName: String?
    /// The ALPN protocols the client offered, in its order.
    public let alpnOffers: [String]
    /// The whole ClientHello handshake message (4-byte header and body).
    public let rawClientHello: [UInt8]

    /// The facts of one ClientHello.
    public init(serverName: String?, alpnOffers: [String], rawClientHello: [UInt8]) {
        self.serverName = serverName
        self.alpnOffers = alpnOffers
        self.rawClientHello = rawClientHello
    }
}
