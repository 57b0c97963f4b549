import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import Proxy

/// The proxy's HTTP stack for one client connection (decoder, pipelining, framing validator,
/// front, relay) on `EmbeddedChannel`s, with every upstream an `EmbeddedChannel` that answers a
/// canned `200`: bytes in, everything the client and the origins got out, no sockets.
final class FrontPipelineFuzzTarget {
    /// What one input produced.
    struct Outcome {
        /// The bytes the client received.
        var toClient: [UInt8] = []
        /// The bytes each upstream received, in connection order.
        var toOrigins: [[UInt8]] = []
    }

    private static let response = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    /// Feeds `input` in one or two reads (split at `splitAt`), answering every request that reaches an
    /// upstream of `origin`; with `failingConnections`, every connection to it times out instead.
    static func run(_ input: [UInt8], splitAt: Int, origin: ConnectTarget = ConnectTarget(host: "origin.test", port: 80),
                    failingConnections: Bool = false) throws -> Outcome {
        let loop = EmbeddedEventLoop()
        let upstreams = EmbeddedUpstreams(failing: failingConnections)
        let client = EmbeddedChannel(loop: loop)
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let environment = ProxyEnvironment(configuration: ProxyConfiguration(), loopGuard: LoopGuard(port: 8080, hosts: []),
                                           connectionID: 1)
        try ClientPipeline.addOriginRelay(to: client.pipeline.syncOperations, origin: origin,
                                          scheme: "http", connector: upstreams, clientLeg: nil, environment: environment,
                                          bufferedBytes: ByteBuffer())
        var outcome = Outcome()
        let cut = min(splitAt, input.count)
        for piece in [input[..<cut], input[cut...]] where !piece.isEmpty {
            // Errors that reach the end of the pipeline are the connection failing, which is allowed.
            _ = try? client.writeInbound(ByteBuffer(bytes: piece))
            loop.run()
            // Answer each request as often as the relay asks, at most a few times per read.
            for _ in 0..<4 {
                for (index, upstream) in upstreams.channels.enumerated() {
                    if outcome.toOrigins.count <= index { outcome.toOrigins.append([]) }
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

/// Hands the relay embedded upstream channels on the client's loop, or fails every connection.
final class EmbeddedUpstreams: UpstreamConnector, @unchecked Sendable {
    private let failing: Bool
    private(set) var channels: [EmbeddedChannel] = []

    init(failing: Bool) {
        self.failing = failing
    }

    func connect(to target: ConnectTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection> {
        if failing { return eventLoop.makeFailedFuture(ChannelError.connectTimeout(.seconds(1))) }
        let channel = EmbeddedChannel(loop: eventLoop as! EmbeddedEventLoop)
        channels.append(channel)
        return channel.connect(to: try! SocketAddress(ipAddress: "127.0.0.1", port: 2)).map { UpstreamConnection(channel: channel) }
    }
}
