import NIOCore

/// Tells an installed relay that the server spoke before the client did, so that it stops waiting
/// for the client's first bytes and relays the stream byte for byte. Call on the connection's event loop.
public struct ServerSpokeFirst: Sendable {
    let sniffer: NIOLoopBound<SniffHandler>

    public func callAsFunction() {
        sniffer.value.serverSpokeFirst()
    }
}
