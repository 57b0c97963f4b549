/// The inputs tlspeek is fuzzed on, each checked by one function that both the libFuzzer binaries
/// (`Fuzz/`) and the replay of the committed corpora in the normal test suite call. A check returns
/// normally, throws an `InvariantViolation`, or traps (a crash in the code under test).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// One record-layer message (ClientHello and the rest of the handshake, alerts) for `TLSMessages`.
    case handshake
    /// An `--allow-hosts` / `--ignore-hosts` pattern.
    case hostPattern = "host-pattern"
    /// A `--filter` display filter.
    case filterExpression = "filter-expression"
    /// The bytes a client sends to the proxy's front.
    case front

    /// Checks one input; the folder names under `Fuzz/Corpus` and `Fuzz/Regressions` are the raw values.
    public func check(_ input: [UInt8]) throws(InvariantViolation) {
        switch self {
        case .handshake: try HandshakeParserCheck.check(input)
        case .hostPattern: try HostPatternCheck.check(input)
        case .filterExpression: try FilterExpressionCheck.check(input)
        case .front: try FrontPipelineCheck.check(input)
        }
    }

    /// What a libFuzzer `LLVMFuzzerTestOneInput` returns for `size` bytes at `data`: 0, or a trap
    /// with the violated invariant, which libFuzzer reports as a crash and saves the input of.
    public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do {
            try check(input)
        } catch {
            fatalError("\(rawValue): \(error)")
        }
        return 0
    }
}
