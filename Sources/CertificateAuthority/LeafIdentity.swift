import TLS

/// What a TLS server needs to present a minted leaf: its chain and its private key.
public struct LeafIdentity: Sendable {
    /// The leaf certificate, then the CA certificate.
    public let chain: [Certificate]
    /// The leaf's private key (shared by every leaf of one `LeafMinter`).
    public let key: PrivateKey
    /// The names the leaf was minted for.
    public let names: LeafNames
    /// The leaf's notAfter, in seconds since the epoch (cached for freshness checks).
    public let notAfter: Double

    public var certificate: Certificate { chain[0] }

    public init(chain: [Certificate], key: PrivateKey, names: LeafNames) {
        precondition(!chain.isEmpty, "a leaf identity needs a certificate")
        self.chain = chain
        self.key = key
        self.names = names
        self.notAfter = chain[0].notAfter
    }
}
