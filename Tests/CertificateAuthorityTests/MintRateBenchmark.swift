import CertificateAuthority
import Foundation
import TestSupport
import TLS
import XCTest

/// Not a test: prints how many leaves per second tlspeek mints on a cold cache.
/// Run with `Benchmarks/mint-rate.sh` (release mode); skipped unless TLSPEEK_BENCH=1.
final class MintRateBenchmark: XCTestCase {
    func testPrintMintsPerSecond() throws {
        guard ProcessInfo.processInfo.environment["TLSPEEK_BENCH"] == "1" else {
            throw XCTSkip("benchmark: set TLSPEEK_BENCH=1 (see Benchmarks/mint-rate.sh)")
        }
        let count = Int(ProcessInfo.processInfo.environment["TLSPEEK_BENCH_MINTS"] ?? "") ?? 5_000
        for keyKind in PrivateKey.Kind.allCases {
            let ca = try TestCA(keyKind: keyKind)
            let cache = LeafCache(minter: try LeafMinter(authority: ca.authority), capacity: count)
            let names = (0..<count).map { ["host\($0).bench.example", "www.host\($0).bench.example"] }

            let start = DispatchTime.now().uptimeNanoseconds
            for pair in names { _ = try cache.identity(for: pair) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

            let hitStart = DispatchTime.now().uptimeNanoseconds
            for pair in names { _ = try cache.identity(for: pair) }
            let hitSeconds = Double(DispatchTime.now().uptimeNanoseconds - hitStart) / 1e9

            XCTAssertEqual(cache.statistics.misses, count)
            let line = String(format: "mint-rate: CA %@, leaf EC P-256: %d cold mints in %.3f s = %.0f mints/s "
                                + "(%.1f µs each); cached lookups %.0f/s\n",
                              keyKind.rawValue, count, seconds, Double(count) / seconds,
                              seconds / Double(count) * 1e6, Double(count) / hitSeconds)
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
