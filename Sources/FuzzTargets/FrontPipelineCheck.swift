/// Input: the bytes a client sends, fed in two reads cut where a hash of the input says (so each
/// input is one reproducible case, and mutations try other cuts). Whatever the client sent, it gets
/// HTTP/1.1 back or nothing; what reaches an origin over HTTP is well-framed; and no origin gets
/// more requests, or more complete ones, than the client sent.
enum FrontPipelineCheck {
    static func check(_ input: [UInt8]) throws(InvariantViolation) {
        let outcome: FrontPipeline.Outcome
        do {
            outcome = try FrontPipeline.run(input, splitAt: splitPoint(of: input))
        } catch {
            throw InvariantViolation("the embedded pipeline failed: \(error)")
        }
        let shown = String(decoding: input, as: UTF8.self).debugDescription
        if !outcome.toClient.isEmpty, !outcome.toClient.starts(with: "HTTP/1.1 ".utf8) {
            throw InvariantViolation("the client got \(String(decoding: outcome.toClient.prefix(64), as: UTF8.self).debugDescription) for \(shown)")
        }
        var forwarded = HTTPRequestCount()
        for (bytes, speaksHTTP) in zip(outcome.toOrigins, outcome.originSpeaksHTTP) where speaksHTTP {
            let received = try HTTPRequestCount.receivedByOrigin(bytes)
            forwarded.heads += received.heads
            forwarded.ends += received.ends
        }
        let sent = HTTPRequestCount.sentByClient(input)
        guard forwarded.heads <= sent.heads, forwarded.ends <= sent.ends else {
            throw InvariantViolation("origins got \(forwarded) requests, the client sent \(sent): \(shown)")
        }
    }

    /// FNV-1a of the input, onto 0...count.
    static func splitPoint(of input: [UInt8]) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in input { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(input.count + 1))
    }
}
