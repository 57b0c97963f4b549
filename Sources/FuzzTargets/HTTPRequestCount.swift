import NIOCore
import NIOEmbedded
import NIOHTTP1
import Proxy

/// How many requests a byte stream holds: heads, and complete requests (head to end).
struct HTTPRequestCount: Equatable {
    var heads = 0
    var ends = 0

    /// What a client sent, as NIO's decoder reads it, going on after a CONNECT or upgrade head
    /// with the bytes behind it (as the proxy may, once it hands the connection on): an upper
    /// bound for what the proxy may forward.
    static func sentByClient(_ bytes: [UInt8]) -> HTTPRequestCount {
        var count = HTTPRequestCount()
        var rest = ByteBuffer(bytes: bytes)
        while rest.readableBytes > 0 {
            let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
            let channel = EmbeddedChannel(handler: decoder)
            _ = try? channel.writeInbound(rest)
            var handedOn = false
            while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
                count.add(part)
                if case .head(let head) = part, head.method == .CONNECT || head.headers.contains(name: "upgrade") { handedOn = true }
            }
            guard handedOn else { break }
            // Taking the decoder out forwards the bytes it holds beyond the head.
            channel.pipeline.syncOperations.removeHandler(decoder, promise: nil)
            channel.embeddedEventLoop.run()
            var leftOver = ByteBuffer()
            while var buffer = try? channel.readInbound(as: ByteBuffer.self) { leftOver.writeBuffer(&buffer) }
            _ = try? channel.finish()
            guard leftOver.readableBytes < rest.readableBytes else { break }
            rest = leftOver
        }
        return count
    }

    /// What an origin received, decoded and checked as the proxy's own front decodes and checks
    /// requests: throws when it refuses them (the proxy sent something an origin could read differently).
    static func receivedByOrigin(_ bytes: [UInt8]) throws(InvariantViolation) -> HTTPRequestCount {
        let origin = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder()))
        defer { _ = try? origin.finish() }
        do {
            try origin.writeInbound(ByteBuffer(bytes: bytes))
        } catch {
            throw InvariantViolation("an origin's decoder refused what the proxy sent: \(error)")
        }
        var count = HTTPRequestCount()
        while let part = try? origin.readInbound(as: HTTPServerRequestPart.self) {
            if case .head(var head) = part, let violation = FramingRules.violation(admitting: &head) {
                throw InvariantViolation("an origin's framing checks refused what the proxy sent: \(violation)")
            }
            count.add(part)
        }
        return count
    }

    private mutating func add(_ part: HTTPServerRequestPart) {
        switch part {
        case .head: heads += 1
        case .end: ends += 1
        case .body: break
        }
    }
}
