import Foundation

/// One bounded, reproducible fuzzing run: `TLSPEEK_FUZZ_SECONDS` (default 3) of inputs mutated
/// from a seed corpus by a generator seeded with `TLSPEEK_FUZZ_SEED` (default fixed), so that a
/// failure names the seed and input that reproduce it.
public struct FuzzRun {
    public let seconds: Double
    public let seed: UInt64

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        seconds = environment["TLSPEEK_FUZZ_SECONDS"].flatMap(Double.init) ?? 3
        seed = environment["TLSPEEK_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x7115_BEEF
    }

    /// Calls `body` with mutated inputs until the time is up; returns how many it tried.
    @discardableResult
    public func run(corpus: [[UInt8]], dictionary: [[UInt8]], _ body: ([UInt8]) throws -> Void) rethrows -> Int {
        var mutator = ByteMutator(generator: SplitMix64(seed: seed), corpus: corpus, dictionary: dictionary)
        let deadline = Date().addingTimeInterval(seconds)
        var count = 0
        // The seeds themselves first: they are the regression inputs.
        for input in corpus { try body(input) }
        while Date() < deadline {
            for _ in 0..<64 {
                try body(mutator.next())
                count += 1
            }
        }
        return count
    }
}

/// SplitMix64: tiny, fast and fully determined by its seed.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
