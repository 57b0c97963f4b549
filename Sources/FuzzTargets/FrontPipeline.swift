import NIOCore
import NIOEmbedded
import NIOHTTP1
import Proxy

/// The proxy's front for one client connection, with the handlers `ProxyServer` gives it (idle
/// timeout, decoder, pipelining, front with its framing checks, relay; CONNECT hands off to the
/// sniffer, tunnel and in-tunnel relay), on `EmbeddedChannel`s, every upstream an `EmbeddedChannel`
/// that answers a canned `200`: bytes in, everything the client and the origins got out, no sockets.
public enum FrontPipeline {
    /// What one input produced.
    public struct Outcome {
        /// The bytes the client received.
        public var toClient: [UInt8] = []
        /// The bytes each upstream received, in connection order.
        public var toOrigins: [[UInt8]] = []
        /// Whether each upstream carried the relay's HTTP (false: a tunnel's raw bytes).
        public var originSpeaksHTTP: [Bool] = []
    }

    private static let response = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    /// Feeds `input` in one or two reads (split at `splitAt`), answering every request that reaches
    /// an upstream.
    public static func run(_ input: [UInt8], splitAt: Int) throws -> Outcome {
        let loop = EmbeddedEventLoop()
        let upstreams = EmbeddedUpstreams()
        let client = EmbeddedChannel(loop: loop)
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let environment = ProxyEnvironment(configuration: ProxyConfiguration(), loopGuard: LoopGuard(port: 8080, hosts: []),
                                           connectionID: 1, connector: upstreams)
        try ClientPipeline.configureFront(client, environment: environment)
        var outcome = Outcome()
        let cut = min(splitAt, input.count)
        for piece in [input[..<cut], input[cut...]] where !piece.isEmpty {
            // Errors that reach the end of the pipeline are the connection failing, which is allowed.
            _ = try? client.writeInbound(ByteBuffer(bytes: piece))
            loop.run()
            // Answer each request as often as the relay asks, at most a few times per read.
            for _ in 0..<4 {
                for (index, upstream) in upstreams.channels.enumerated() {
                    if outcome.toOrigins.count <= index {
                        outcome.toOrigins.append([])
                        outcome.originSpeaksHTTP.append(false)
                    }
                    // The relay's HTTP client codec leaves the pipeline when the upstream closes: look while it is there.
                    outcome.originSpeaksHTTP[index] = outcome.originSpeaksHTTP[index]
                        || (try? upstream.pipeline.syncOperations.handler(type: HTTPRequestEncoder.self)) != nil
                    let request = try drain(upstream)
                    outcome.toOrigins[index] += request
                    guard !request.isEmpty, upstream.isActive else { continue }
                    _ = try? upstream.writeInbound(response)
                    loop.run()
                }
            }
        }
        outcome.toClient = try drain(client)
        _ = try? client.finish()
        for upstream in upstreams.channels { _ = try? upstream.finish() }
        return outcome
    }

    /// Everything written to `channel` since the last drain.
    private static func drain(_ channel: EmbeddedChannel) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        return bytes
    }
}
