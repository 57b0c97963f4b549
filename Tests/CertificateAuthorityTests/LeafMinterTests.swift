import CertificateAuthority
import Foundation
import TestSupport
import TLS
import XCTest

final class LeafMinterTests: XCTestCase {
    private let names = ["example.com", "www.example.com", "127.0.0.1", "::1"]

    func testLeafVerifiesAndCarriesTheServerProfile() throws {
        let ca = try TestCA()
        let minter = try LeafMinter(authority: ca.authority)
        let leaf = try minter.mint(names: names)
        let path = try writePEM(leaf, named: "leaf.pem", in: ca.directory)

        let verify = ["verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", ca.files.certificate]
        XCTAssertEqual(try openssl(verify + [path]).trimmingCharacters(in: .whitespacesAndNewlines), "\(path): OK")
        // The names are real DNS and IP entries, as a TLS client checks them.
        for host in ["example.com", "www.example.com"] {
            XCTAssertTrue(try openssl(verify + ["-verify_hostname", host, path]).contains(": OK"), host)
        }
        for ip in ["127.0.0.1", "::1"] {
            XCTAssertTrue(try openssl(verify + ["-verify_ip", ip, path]).contains(": OK"), ip)
        }
        let wrong = try opensslStatus(verify + ["-verify_hostname", "other.example", path])
        XCTAssertNotEqual(wrong.status, 0, wrong.output)

        let text = try openssl(["x509", "-text", "-noout", "-in", path])
        XCTAssertTrue(text.contains("DNS:example.com"), text)
        XCTAssertTrue(text.contains("DNS:www.example.com"), text)
        XCTAssertTrue(text.contains("IP Address:127.0.0.1"), text)
        XCTAssertTrue(text.contains("IP Address:0:0:0:0:0:0:0:1"), text)
        XCTAssertTrue(text.contains("TLS Web Server Authentication"), text)
        XCTAssertTrue(text.contains("CA:FALSE"), text)
        XCTAssertTrue(text.contains("X509v3 Key Usage: critical\n                Digital Signature\n"), text)
        XCTAssertTrue(text.contains("Signature Algorithm: ecdsa-with-SHA256"), text)
        XCTAssertTrue(text.contains("Subject: CN = example.com\n"), text)
        XCTAssertEqual(leaf.issuer, ca.authority.certificate.subject)

        // The AKI names the CA's SKI.
        let caText = try openssl(["x509", "-text", "-noout", "-in", ca.files.certificate])
        let caKeyID = try XCTUnwrap(Self.value(after: "X509v3 Subject Key Identifier:", in: caText))
        let authorityKeyID = try XCTUnwrap(Self.value(after: "X509v3 Authority Key Identifier:", in: text))
        XCTAssertEqual(authorityKeyID.replacingOccurrences(of: "keyid:", with: ""), caKeyID)
        XCTAssertNotNil(Self.value(after: "X509v3 Subject Key Identifier:", in: text))

        XCTAssertEqual(leaf.subjectAlternativeNames, [
            .dns("example.com"), .dns("www.example.com"), .ip(IPAddress("127.0.0.1")!), .ip(IPAddress("::1")!),
        ])
    }

    func testValidityStartsADayBackAndLastsAtMost397Days() throws {
        let ca = try TestCA()
        let minter = try LeafMinter(authority: ca.authority)
        let now = Date().timeIntervalSince1970
        let leaf = try minter.mint(names: ["example.com"])
        XCTAssertEqual(leaf.notBefore, now - 86_400, accuracy: 60)
        XCTAssertLessThanOrEqual(leaf.notAfter - leaf.notBefore, 397 * 86_400)
        XCTAssertLessThanOrEqual(leaf.notAfter - now, 397 * 86_400)
        XCTAssertGreaterThan(leaf.notAfter - now, 390 * 86_400)
    }

    func testValidityNeverOutlastsTheCA() throws {
        let ca = try TestCA()
        let minter = try LeafMinter(authority: ca.authority)
        let caNotAfter = ca.authority.certificate.notAfter
        let late = Date(timeIntervalSince1970: caNotAfter - 10 * 86_400)
        let leaf = try minter.mint(LeafNames(["example.com"]), now: late)
        XCTAssertEqual(leaf.notAfter, caNotAfter)
        XCTAssertThrowsError(try minter.mint(LeafNames(["example.com"]),
                                             now: Date(timeIntervalSince1970: caNotAfter + 1))) { error in
            guard case .authorityExpired? = error as? LeafError else { return XCTFail("\(error)") }
        }
    }

    func testSerialsAreRandom128BitPositive() throws {
        let ca = try TestCA()
        let minter = try LeafMinter(authority: ca.authority)
        let serials = try (0..<20).map { _ in try minter.mint(names: ["example.com"]).serialHex }
        XCTAssertEqual(Set(serials).count, serials.count)
        for serial in serials {
            XCTAssertLessThanOrEqual(serial.count, 32)
            XCTAssertGreaterThanOrEqual(serial.count, 24, "a random 127-bit serial is rarely this short: \(serial)")
            XCTAssertFalse(serial.hasPrefix("-"))
        }
        // A large serial, as OpenSSL prints it.
        let path = try writePEM(try minter.mint(names: ["example.com"]), named: "serial.pem", in: ca.directory)
        let printed = try openssl(["x509", "-serial", "-noout", "-in", path])
        XCTAssertTrue(printed.hasPrefix("serial="), printed)
    }

    func testEveryLeafUsesTheMintersKey() throws {
        let ca = try TestCA()
        let minter = try LeafMinter(authority: ca.authority)
        let first = try minter.identity(for: LeafNames(["a.example"]))
        let second = try minter.identity(for: LeafNames(["b.example"]))
        XCTAssertEqual(first.certificate.publicKeyDER, second.certificate.publicKeyDER)
        XCTAssertTrue(first.certificate.matches(first.key))
        XCTAssertEqual(first.certificate.publicKeyDescription, "EC P-256")
        XCTAssertEqual(first.chain.count, 2)
        XCTAssertEqual(first.chain[1].derBytes, ca.authority.certificate.derBytes)
        // A second minter (another process) has its own key.
        let other = try LeafMinter(authority: ca.authority)
        XCTAssertNotEqual(other.leafKey.publicKeyDER, minter.leafKey.publicKeyDER)
    }

    func testRSACAIssuesVerifiableLeaves() throws {
        let ca = try TestCA(keyKind: .rsa2048)
        let leaf = try LeafMinter(authority: ca.authority).mint(names: names)
        let path = try writePEM(leaf, named: "leaf.pem", in: ca.directory)
        XCTAssertTrue(try openssl(["verify", "-x509_strict", "-CAfile", ca.files.certificate, path]).contains(": OK"))
        XCTAssertTrue(try openssl(["x509", "-text", "-noout", "-in", path]).contains("sha256WithRSAEncryption"))
    }

    func testRSALeafKeyAlsoGetsKeyEncipherment() throws {
        let ca = try TestCA()
        let minter = try LeafMinter(authority: ca.authority, leafKey: try PrivateKey.generate(.rsa2048))
        let path = try writePEM(try minter.mint(names: ["rsa.example"]), named: "rsa.pem", in: ca.directory)
        let text = try openssl(["x509", "-text", "-noout", "-in", path])
        XCTAssertTrue(text.contains("Digital Signature, Key Encipherment"), text)
        XCTAssertTrue(try openssl(["verify", "-CAfile", ca.files.certificate, path]).contains(": OK"))
    }

    func testCommonNameIsTheFirstNameCutTo64Characters() throws {
        let ca = try TestCA()
        let minter = try LeafMinter(authority: ca.authority)
        let long = String(repeating: "a", count: 60) + "." + String(repeating: "b", count: 60) + ".example"
        let leaf = try minter.mint(names: [long, "short.example"])
        XCTAssertEqual(leaf.commonName, String(long.prefix(64)))
        XCTAssertEqual(leaf.subjectAlternativeNames.first, .dns(long))
        XCTAssertEqual(try minter.mint(names: ["10.1.2.3"]).commonName, "10.1.2.3")
    }

    // MARK: - Name normalisation

    func testNamesAreNormalised() throws {
        let names = try LeafNames(["WWW.Example.COM.", "b.example", "www.example.com", "[::1]", "0:0::1", "a.example"])
        XCTAssertEqual(names.names, [.dns("www.example.com"), .dns("a.example"), .dns("b.example"), .ip(IPAddress("::1")!)])
        XCTAssertEqual(names.commonName, "www.example.com")
        XCTAssertEqual(try LeafNames(["x.example", "b.example", "a.example"]),
                       try LeafNames(["x.example", "a.example", "b.example"]))
        XCTAssertNotEqual(try LeafNames(["a.example", "x.example"]), try LeafNames(["x.example", "a.example"]))
        XCTAssertEqual(try LeafNames(["*.example.com"]).names, [.dns("*.example.com")])
        XCTAssertEqual(try LeafNames(["192.0.2.7."]).names, [.ip(IPAddress("192.0.2.7")!)])
        XCTAssertEqual(try LeafNames([SubjectAlternativeName.dns("127.0.0.1")]).names, [.ip(IPAddress("127.0.0.1")!)])
    }

    func testBadNamesAreRejected() throws {
        XCTAssertThrowsError(try LeafNames([String]())) { XCTAssertEqual($0 as? LeafError, .noNames) }
        for bad in ["", ".", "exa mple.com", "a,DNS:evil.example", "bücher.example", "a/b", String(repeating: "a", count: 254)] {
            XCTAssertThrowsError(try LeafNames([bad]), bad) { error in
                guard case .invalidName? = error as? LeafError else { return XCTFail("\(bad): \(error)") }
            }
        }
    }

    func testNameCountIsBounded() throws {
        let many = (0..<250).map { "host\($0).example" }
        let names = try LeafNames(many)
        XCTAssertEqual(names.names.count, LeafNames.defaultLimit)
        XCTAssertEqual(names.names.first, .dns("host0.example"))
        XCTAssertFalse(names.names.contains(.dns("host100.example")))
        XCTAssertEqual(try LeafNames(many, limit: 3).names.count, 3)
    }

    static func value(after label: String, in text: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.contains(label) }), index + 1 < lines.count else { return nil }
        return lines[index + 1].trimmingCharacters(in: .whitespaces)
    }
}
