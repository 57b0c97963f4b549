import TestSupport
import TLSMessages
import XCTest

/// Randomised records for the handshake parser, mutated from the real fixtures' messages by the
/// shared harness (`TLSPEEK_FUZZ_SECONDS`, 3 in the normal suite; `TLSPEEK_FUZZ_SEED`; `scripts/fuzz.sh`
/// runs longer). Each input is `[content type, version selector] + message bytes`, so mutations reach
/// the content type and the negotiated version too. A parse either returns or throws `TLSParseError`
/// (the typed throw guarantees which), and a parsed message's `typeName` and `summary()` never trap.
final class HandshakeParserFuzzTests: XCTestCase {
    private static let versions: [UInt16?] = [nil, 0x0303, 0x0304]

    /// Lengths, versions, extension numbers and the HelloRetryRequest random: where the decoders branch.
    private static let tokens: [[UInt8]] = [
        [0x00], [0x00, 0x00], [0xff, 0xff], [0x00, 0x00, 0x00], [0x03, 0x03], [0x03, 0x04], [0x7f, 0x1c],
        [0x00, 0x2b], [0x00, 0x10], [0x00, 0x33], [0x00, 0x0a], [0x00, 0x0d], [0x00, 0x29], [0xfe, 0x0d],
        [0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
         0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c],
    ]

    func testHandshakeParser() throws {
        let run = FuzzRun()
        let corpus = try Transcript.fixtureNames.flatMap { try Transcript(fixture: $0).messages }.flatMap { message in
            Self.versions.indices.map { [message.contentType, UInt8($0)] + message.bytes }
        }
        var outcomes = (parsed: 0, threw: 0)
        let tried = run.run(corpus: corpus, dictionary: Self.tokens) { input in
            guard input.count >= 2 else { return }
            let version = Self.versions[Int(input[1]) % Self.versions.count]
            do {
                let message = try TLSRecordMessage.parse(contentType: input[0], bytes: Array(input[2...]),
                                                         negotiatedVersion: version)
                XCTAssertFalse(message.typeName.isEmpty, "\(input)")
                _ = message.summary()
                outcomes.parsed += 1
            } catch {
                outcomes.threw += 1
            }
        }
        // Both paths were exercised: damage inside opaque bytes still decodes, damage to lengths throws.
        XCTAssertGreaterThan(outcomes.parsed, 0)
        XCTAssertGreaterThan(outcomes.threw, 0)
        print("fuzz TLS handshake parser: \(tried) inputs, seed \(run.seed)")
    }
}
