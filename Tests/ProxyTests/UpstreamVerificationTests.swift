import Capture
import CertificateAuthority
import Foundation
import XCTest
@testable import Proxy
import TestSupport

/// The upstream certificate validation matrix: real curl through a real `TLSInterception` to
/// `openssl s_server` origins whose certificates the openssl CLI made wrong in one way each.
/// Every one is a `502` naming OpenSSL's reason, in the body and in the records; the client's leaf
/// names only what it asked for; `--insecure` is the only way through and is marked.
final class UpstreamVerificationTests: XCTestCase {
    /// One misissued origin certificate and the verification error OpenSSL reports for it.
    private struct Origin {
        let name: String
        let leaf: TestPKI.Leaf
        var serverArguments: [String] = []
        let reason: String
    }

    private var pki: TestPKI!
    private var certs: TemporaryDirectory!
    private var authority: CertificateAuthority!
    private var site: TemporaryDirectory!
    /// PKIs whose files the origins use; their directories go when they do.
    private var otherPKIs: [TestPKI] = []

    override func setUpWithError() throws {
        pki = try TestPKI()
        certs = try TemporaryDirectory()
        authority = try CertificateAuthority.loadOrCreate(directory: certs.path).0
        site = try TemporaryDirectory()
        try "page\n".write(toFile: site.file("index.html"), atomically: true, encoding: .utf8)
    }

    private func origins() throws -> [Origin] {
        let good = try pki.issueServerCertificate("good", names: ["localhost"])
        let notCA = try pki.issueIntermediate("not-a-ca", isCA: false)
        let strangerCA = try TestPKI()
        let ownCA = try TestPKI(caCertificatePath: authority.files.certificate, caKeyPath: authority.files.privateKey)
        otherPKIs = [strangerCA, ownCA]
        return [
            Origin(name: "expired", leaf: try pki.issueServerCertificate(
                "expired", names: ["localhost"], notBefore: "20200101000000Z", notAfter: "20210101000000Z"),
                   reason: "certificate has expired"),
            Origin(name: "not yet valid", leaf: try pki.issueServerCertificate(
                "future", names: ["localhost"], notBefore: "20900101000000Z", notAfter: "20910101000000Z"),
                   reason: "certificate is not yet valid"),
            Origin(name: "self-signed", leaf: try pki.issueServerCertificate("self", names: ["localhost"], selfSigned: true),
                   reason: "self-signed certificate"),
            Origin(name: "unknown CA", leaf: try strangerCA.issueServerCertificate("stranger", names: ["localhost"]),
                   reason: "unable to get local issuer certificate"),
            Origin(name: "wrong host name", leaf: try pki.issueServerCertificate("other", names: ["other.example"]),
                   reason: "hostname mismatch"),
            Origin(name: "bad signature", leaf: try pki.corruptingSignature(of: good, as: "bad-signature"),
                   reason: "certificate signature failure"),
            Origin(name: "intermediate with CA:FALSE", leaf: try pki.issueServerCertificate(
                "below-not-a-ca", names: ["localhost"], issuer: notCA),
                   serverArguments: ["-cert_chain", notCA.certificatePath], reason: "invalid CA certificate"),
            // s_server itself refuses to serve these two at Debian's default security level (2).
            Origin(name: "SHA-1 signature", leaf: try pki.issueServerCertificate("sha1", names: ["localhost"], digest: "sha1"),
                   serverArguments: ["-cipher", "DEFAULT:@SECLEVEL=0"], reason: "CA signature digest algorithm too weak"),
            Origin(name: "RSA-1024 key", leaf: try pki.issueServerCertificate("rsa1024", names: ["localhost"],
                                                                            key: .rsa(bits: 1024)),
                   serverArguments: ["-cipher", "DEFAULT:@SECLEVEL=0"], reason: "EE certificate key too weak"),
            Origin(name: "clientAuth EKU only", leaf: try pki.issueServerCertificate(
                "client-only", names: ["localhost"], extendedKeyUsage: "clientAuth"),
                   reason: "unsuitable certificate purpose"),
            Origin(name: "tlspeek's own CA", leaf: try ownCA.issueServerCertificate("own-ca", names: ["localhost"]),
                   reason: "unable to get local issuer certificate"),
        ]
    }

    func testEveryInvalidUpstreamCertificateIs502WithOpenSSLsReason() throws {
        var table: [String] = []
        for origin in try origins() {
            let outcome = try fetch(through: origin, insecure: false)
            let expectedBody = "upstream certificate verification failed: \(origin.reason)"
            table.append("\(origin.name) → 502 \(origin.reason) → \(outcome.status) \(outcome.verification?.text ?? "no record")")
            XCTAssertEqual(outcome.status, "502", "\(origin.name): \(outcome.body)")
            XCTAssertTrue(outcome.body.contains(expectedBody), "\(origin.name): \(outcome.body)")
            XCTAssertEqual(outcome.verification, .string(origin.reason), origin.name)
            XCTAssertTrue(outcome.exchangeErrors.contains { $0.contains(expectedBody) }, "\(origin.name): \(outcome.exchangeErrors)")
            XCTAssertTrue(outcome.errorRecords.contains { $0.contains(expectedBody) }, "\(origin.name): \(outcome.errorRecords)")
            XCTAssertEqual(outcome.cachedLeaves, 1, "\(origin.name): one leaf, for the requested name")
            XCTAssertEqual(outcome.requestedLeafNames, ["localhost"],
                           "\(origin.name): the client's leaf names only what it asked for, nothing from the failed certificate")
        }
        print(table.joined(separator: "\n"))
    }

    func testInsecureIsTheOnlyWayThroughAndIsMarked() throws {
        for origin in try origins() {
            let outcome = try fetch(through: origin, insecure: true)
            XCTAssertEqual(outcome.status, "200", "\(origin.name): \(outcome.body)")
            XCTAssertEqual(outcome.body, "page\n", origin.name)
            XCTAssertEqual(outcome.verification, "skipped (--insecure)", origin.name)
            XCTAssertEqual(outcome.upstreamInsecureMarks, [.bool(true)], "\(origin.name): every upstream record is marked")
        }
    }

    func testTlspeeksOwnCAIsTrustedUpstreamOnlyWhenGivenAsAnAnchor() throws {
        let ownCA = try TestPKI(caCertificatePath: authority.files.certificate, caKeyPath: authority.files.privateKey)
        let origin = Origin(name: "own CA", leaf: try ownCA.issueServerCertificate("own", names: ["localhost"]),
                            reason: "unable to get local issuer certificate")
        let outcome = try fetch(through: origin, insecure: false, anchors: [authority.files.certificate])
        XCTAssertEqual(outcome.status, "200", outcome.body)
        XCTAssertEqual(outcome.verification, "ok")
    }

    /// What one request through the proxy to `origin` produced.
    private struct Outcome {
        let status: String
        let body: String
        /// The upstream `tls` record's `verification`.
        let verification: JSON?
        let upstreamInsecureMarks: [JSON?]
        let exchangeErrors: [String]
        let errorRecords: [String]
        /// How many leaves the cache holds afterwards.
        let cachedLeaves: Int
        /// The SANs of the cached leaf for just the requested name; nil when no such leaf was cached.
        let requestedLeafNames: [String]?
    }

    private func fetch(through origin: Origin, insecure: Bool, anchors: [String]? = nil) throws -> Outcome {
        let server = try OpenSSLServer(certificatePath: origin.leaf.certificatePath, keyPath: origin.leaf.keyPath,
                                       extraArguments: ["-WWW"] + origin.serverArguments, directory: site.path)
        let sink = CollectingSink()
        let recorder = Recorder(sinks: [sink])
        let leafCache = LeafCache(minter: try LeafMinter(authority: authority))
        let interceptionEvents = RecordingEvents()
        let interception = try TLSInterception(leafCache: leafCache, upstreamAnchors: anchors ?? [pki.caCertificatePath],
                                               insecure: insecure,
                                               output: InterceptionOutput(recorder: recorder, keyLog: nil),
                                               events: interceptionEvents)
        let proxy = try ProxyHarness { $0.interceptor = interception }
        let result = try proxy.curl(["--cacert", authority.files.certificate, "-w", "\n%{http_code}",
                                     "https://localhost:\(server.port)/index.html"])
        XCTAssertEqual(result.status, 0, "\(origin.name): \(result.output)")
        let exchanges = try proxy.events.waitForExchanges(1)
        recorder.drain()
        let upstream = sink.records.filter { $0.kind == .tls && $0["leg"] == "upstream" }
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        return Outcome(status: String(lines.last ?? ""), body: lines.dropLast().joined(separator: "\n"),
                       verification: upstream.first?["verification"],
                       upstreamInsecureMarks: upstream.map { $0["insecure"] },
                       exchangeErrors: exchanges.compactMap(\.error),
                       errorRecords: interceptionEvents.errorRecords.map(\.message),
                       cachedLeaves: leafCache.count, requestedLeafNames: try cachedLeafNames(["localhost"], in: leafCache))
    }
}

/// The SANs of the cache's leaf for exactly `names`, or nil if the cache had to mint it now.
private func cachedLeafNames(_ names: [String], in cache: LeafCache) throws -> [String]? {
    let minted = cache.statistics.misses
    let identity = try cache.identity(for: names)
    guard cache.statistics.misses == minted else { return nil }
    return identity.chain[0].subjectAlternativeNames.map { name in
        switch name {
        case .dns(let host): return host
        case .ip(let address): return address.description
        }
    }
}
