import NIOCore

/// An upstream connection as the HTTP relay uses it: the channel, the relay's handlers on it and
/// what the records of its exchanges cite. With `--reuse-upstream` it moves between the relays of
/// one event loop through their `UpstreamPool`, handlers and all.
struct RelayUpstream {
    let origin: ConnectTarget
    let channel: any Channel
    let handler: UpstreamResponseHandler
    /// Cited by the records of every exchange on it.
    let tls: TLSLegReference?
    let serverIP: String?
    /// Which idle connections it is interchangeable with; nil: it is never pooled.
    let poolKey: UpstreamPoolKey?
    /// The server certificate's names that a leaf minted for a client it may serve mirrors.
    let certificateNames: [String]
}
