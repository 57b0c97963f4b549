/// The two TLS connections of an intercepted flow, named from the proxy's point of view.
public enum TLSLeg: String, Sendable {
    /// client ↔ tlspeek: tlspeek is the TLS server, with a minted leaf.
    case client
    /// tlspeek ↔ origin: tlspeek is the TLS client.
    case upstream
}
