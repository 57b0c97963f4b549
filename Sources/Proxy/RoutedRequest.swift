import NIOCore
import NIOHTTP1

/// A request head ready for the origin: origin-form target, `Host` set, hop-by-hop fields removed.
struct RoutedRequest: Equatable {
    /// The head to send upstream.
    var head: HTTPRequestHead
    /// Where to send it.
    var origin: ConnectTarget
    /// The absolute URL, for records and messages.
    var url: String
    /// Whether the client asked to keep its connection open after this exchange.
    var clientKeepAlive: Bool
    /// The protocols the client asked to switch to (`Upgrade` with `Connection: upgrade`), forwarded upstream.
    var upgrade: String? = nil
    /// The version the client spoke (the head goes upstream as HTTP/1.1), for records.
    var clientVersion = HTTPVersion.http1_1
}

/// What the front hands to the relay: routed heads, then the body as it streams.
typealias RoutedRequestPart = HTTPPart<RoutedRequest, ByteBuffer>
