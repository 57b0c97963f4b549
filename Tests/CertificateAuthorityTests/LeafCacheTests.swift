import CertificateAuthority
import Foundation
import TestSupport
import TLS
import XCTest

final class LeafCacheTests: XCTestCase {
    func testThousandDistinctLeavesThenAllHits() throws {
        let ca = try TestCA()
        let cache = LeafCache(minter: try LeafMinter(authority: ca.authority), capacity: 1_000)
        let hosts = (0..<1_000).map { "host\($0).example.test" }
        var serials: Set<String> = []
        for host in hosts {
            let identity = try cache.identity(for: [host, "127.0.0.1"])
            XCTAssertEqual(identity.certificate.subjectAlternativeNames, [.dns(host), .ip(IPAddress("127.0.0.1")!)])
            XCTAssertEqual(identity.certificate.commonName, host)
            serials.insert(identity.certificate.serialHex)
        }
        XCTAssertEqual(serials.count, 1_000)
        XCTAssertEqual(cache.statistics.misses, 1_000)
        XCTAssertEqual(cache.statistics.hits, 0)
        XCTAssertEqual(cache.count, 1_000)

        for host in hosts.reversed() {
            let identity = try cache.identity(for: [host.uppercased(), "127.0.0.1", host])
            XCTAssertEqual(identity.certificate.commonName, host)
        }
        let statistics = cache.statistics
        XCTAssertEqual(statistics.hits, 1_000)
        XCTAssertEqual(statistics.misses, 1_000)
        XCTAssertEqual(statistics.evictions, 0)
        // One spot check with a second implementation.
        let path = try writePEM(try cache.identity(for: ["host999.example.test", "127.0.0.1"]).certificate,
                                named: "leaf.pem", in: ca.directory)
        XCTAssertTrue(try openssl(["verify", "-CAfile", ca.files.certificate, "-verify_hostname",
                                   "host999.example.test", path]).contains(": OK"))
    }

    func testLeastRecentlyUsedIsEvicted() throws {
        let ca = try TestCA()
        let cache = LeafCache(minter: try LeafMinter(authority: ca.authority), capacity: 3)
        let a = try cache.identity(for: ["a.example"])
        _ = try cache.identity(for: ["b.example"])
        _ = try cache.identity(for: ["c.example"])
        XCTAssertTrue(try cache.identity(for: ["a.example"]).certificate === a.certificate) // a is now newest
        _ = try cache.identity(for: ["d.example"]) // evicts b
        XCTAssertEqual(cache.count, 3)
        XCTAssertEqual(cache.statistics, Self.statistics(hits: 1, misses: 4, evictions: 1))

        XCTAssertTrue(try cache.identity(for: ["a.example"]).certificate === a.certificate)
        _ = try cache.identity(for: ["c.example"])
        _ = try cache.identity(for: ["d.example"])
        XCTAssertEqual(cache.statistics, Self.statistics(hits: 4, misses: 4, evictions: 1))
        _ = try cache.identity(for: ["b.example"]) // minted again, evicting a (least recently used)
        XCTAssertEqual(cache.statistics, Self.statistics(hits: 4, misses: 5, evictions: 2))
        XCTAssertFalse(try cache.identity(for: ["a.example"]).certificate === a.certificate)
        XCTAssertEqual(cache.statistics, Self.statistics(hits: 4, misses: 6, evictions: 3))
    }

    func testConcurrentRequestsForTheSameNamesMintOnce() throws {
        let ca = try TestCA()
        let cache = LeafCache(minter: try LeafMinter(authority: ca.authority))
        for round in 0..<20 {
            let names = ["round\(round).example", "10.0.0.\(round)"]
            let fingerprints = Fingerprints()
            DispatchQueue.concurrentPerform(iterations: 16) { _ in
                do {
                    fingerprints.add(try cache.identity(for: names).certificate.sha256Fingerprint)
                } catch {
                    XCTFail("\(error)")
                }
            }
            XCTAssertEqual(fingerprints.all.count, 16)
            XCTAssertEqual(Set(fingerprints.all).count, 1, "every caller gets the one leaf")
        }
        let statistics = cache.statistics
        XCTAssertEqual(statistics.misses, 20, "one mint per name set")
        XCTAssertEqual(statistics.hits + statistics.joined, 20 * 15)
    }

    func testConcurrentRequestsForDifferentNames() throws {
        let ca = try TestCA()
        let cache = LeafCache(minter: try LeafMinter(authority: ca.authority), capacity: 50)
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            let host = "h\(index % 100).example"
            do {
                let identity = try cache.identity(for: [host])
                XCTAssertEqual(identity.certificate.commonName, host)
            } catch {
                XCTFail("\(error)")
            }
        }
        let statistics = cache.statistics
        XCTAssertEqual(statistics.hits + statistics.joined + statistics.misses, 200)
        XCTAssertGreaterThanOrEqual(statistics.misses, 100)
        XCTAssertEqual(cache.count, 50)
    }

    func testFailuresAreNotCached() throws {
        let ca = try TestCA()
        let cache = LeafCache(minter: try LeafMinter(authority: ca.authority))
        XCTAssertThrowsError(try cache.identity(for: ["bad name"]))
        XCTAssertEqual(cache.count, 0)
    }

    private static func statistics(hits: Int, misses: Int, evictions: Int) -> LeafCache.Statistics {
        var statistics = LeafCache.Statistics()
        statistics.hits = hits
        statistics.misses = misses
        statistics.evictions = evictions
        return statistics
    }
}

private final class Fingerprints: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []

    func add(_ value: String) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
