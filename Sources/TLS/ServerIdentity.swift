import NIOCore

/// The certificate chain and key a server-mode handshake presents.
public struct ServerIdentity: Sendable {
    /// Leaf first, then intermediates.
    public let certificateChain: [Certificate]
    public let privateKey: PrivateKey

    /// An identity presenting `certificateChain` (leaf first), signed with `privateKey`.
    public init(certificateChain: [Certificate], privateKey: PrivateKey) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }
}

/// Chooses the server identity once the ClientHello is known; the handshake waits for the future.
public typealias ServerIdentityProvider = (ClientHelloInfo) -> EventLoopFuture<ServerIdentity>
