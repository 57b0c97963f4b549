import CertificateAuthority
import Foundation
import TestSupport
import TLS
import XCTest

/// `CertificateBuilder` (module TLS) checked against the openssl command line.
final class CertificateBuilderTests: XCTestCase {
    func testSelfSignedCertificateWithAllFields() throws {
        let temporary = try TemporaryDirectory()
        let key = try PrivateKey.generate(.ecP256)
        let builder = CertificateBuilder(
            subject: .init(commonName: "Builder Test", organization: "Org, Inc.", organizationalUnit: "Unit"),
            notBefore: 1_700_000_000, notAfter: 1_800_000_000,
            basicConstraints: .certificateAuthority(pathLength: nil),
            keyUsage: [.keyCertSign], extendedKeyUsage: [.serverAuth, .clientAuth],
            subjectAlternativeNames: [.dns("a.example"), .ip(IPAddress("2001:db8::1")!)],
            serialNumber: [0x01, 0x02, 0x03]
        )
        let certificate = try builder.selfSigned(key: key)
        XCTAssertEqual(certificate.serialHex, "010203")
        XCTAssertEqual(certificate.notBefore, 1_700_000_000)
        XCTAssertEqual(certificate.notAfter, 1_800_000_000)
        XCTAssertEqual(certificate.subject, "CN=Builder Test,OU=Unit,O=Org\\, Inc.")
        XCTAssertTrue(certificate.matches(key))
        XCTAssertTrue(certificate.isCertificateAuthority)

        let path = try writePEM(certificate, named: "self.pem", in: temporary)
        let text = try openssl(["x509", "-text", "-noout", "-in", path])
        XCTAssertTrue(text.contains("CA:TRUE"), text)
        XCTAssertFalse(text.contains("pathlen"), text)
        XCTAssertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text)
        XCTAssertTrue(text.contains("DNS:a.example, IP Address:2001:DB8:0:0:0:0:0:1"), text)
        XCTAssertTrue(text.contains("X509v3 Authority Key Identifier"), text)
        XCTAssertTrue(text.contains("Nov 14 22:13:20 2023 GMT"), text)
    }

    func testNamesAreEncodedLiterallyNotParsedAsConfig() throws {
        let temporary = try TemporaryDirectory()
        let key = try PrivateKey.generate(.ecP256)
        let tricky = "a.example,DNS:evil.example,IP:1.2.3.4"
        let certificate = try CertificateBuilder(subject: .init(commonName: "x"), notBefore: 0, notAfter: 4_000_000_000,
                                                 subjectAlternativeNames: [.dns(tricky)]).selfSigned(key: key)
        XCTAssertEqual(certificate.subjectAlternativeNames, [.dns(tricky)])
        let path = try writePEM(certificate, named: "tricky.pem", in: temporary)
        let status = try opensslStatus(["verify", "-CAfile", path, "-verify_hostname", "evil.example", path])
        XCTAssertNotEqual(status.status, 0, status.output)
    }

    func testTooLongCommonNameThrows() throws {
        let key = try PrivateKey.generate(.ecP256)
        let builder = CertificateBuilder(subject: .init(commonName: String(repeating: "x", count: 65)),
                                         notBefore: 0, notAfter: 1)
        XCTAssertThrowsError(try builder.selfSigned(key: key)) { error in
            XCTAssertTrue("\(error)".contains("CN="), "\(error)")
        }
    }

    func testSignedByAnotherKeyDoesNotMatchSignerButVerifies() throws {
        let temporary = try TemporaryDirectory()
        let caKey = try PrivateKey.generate(.rsa2048)
        let ca = try CertificateBuilder(subject: .init(commonName: "Root"), notBefore: 0, notAfter: 4_000_000_000,
                                        basicConstraints: .certificateAuthority(pathLength: 0),
                                        keyUsage: [.keyCertSign, .cRLSign]).selfSigned(key: caKey)
        let leafKey = try PrivateKey.generate(.ecP256)
        let leaf = try CertificateBuilder(subject: .init(commonName: "leaf.example"), notBefore: 0,
                                          notAfter: 4_000_000_000, keyUsage: [.digitalSignature],
                                          extendedKeyUsage: [.serverAuth], subjectAlternativeNames: [.dns("leaf.example")])
            .signed(subjectKey: leafKey, issuer: ca, issuerKey: caKey)
        XCTAssertTrue(leaf.matches(leafKey))
        XCTAssertFalse(leaf.matches(caKey))
        XCTAssertFalse(leaf.isCertificateAuthority)
        XCTAssertEqual(leaf.issuer, "CN=Root")
        XCTAssertEqual(leafKey.kind, .ecP256)
        XCTAssertEqual(caKey.kind, .rsa2048)
        XCTAssertTrue(caKey.isRSA)
        let caPath = try writePEM(ca, named: "root.pem", in: temporary)
        let leafPath = try writePEM(leaf, named: "leaf.pem", in: temporary)
        XCTAssertTrue(try openssl(["verify", "-x509_strict", "-CAfile", caPath, leafPath]).contains(": OK"))
    }
}

final class CertificateBuilderParsedEquivalenceTests: XCTestCase {
    /// A built certificate object answers like one parsed from its own DER (no stale caches).
    func testBuiltObjectsMatchTheirParsedBytes() throws {
        let ca = try TestCA()
        let minter = try LeafMinter(authority: ca.authority)
        let leaf = try minter.mint(names: ["a.example", "192.0.2.1"])
        for certificate in [leaf, ca.authority.certificate] {
            let parsed = try Certificate(der: certificate.derBytes)
            XCTAssertEqual(certificate.isCertificateAuthority, parsed.isCertificateAuthority)
            XCTAssertEqual(certificate.subjectAlternativeNames, parsed.subjectAlternativeNames)
            XCTAssertEqual(certificate.publicKeyDER, parsed.publicKeyDER)
            XCTAssertEqual(certificate.subject, parsed.subject)
            XCTAssertEqual(certificate.notAfter, parsed.notAfter)
        }
        XCTAssertTrue(leaf.matches(minter.leafKey))
        XCTAssertEqual(leaf.publicKeyDER, minter.leafKey.publicKeyDER)
        XCTAssertEqual(leaf.publicKeyDescription, "EC P-256")
    }
}
