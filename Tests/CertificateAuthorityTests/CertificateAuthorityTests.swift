import CertificateAuthority
import Foundation
import TestSupport
import TLS
import XCTest

final class CertificateAuthorityTests: XCTestCase {
    func testCreatesFilesWithPrivateModes() throws {
        let temporary = try TemporaryDirectory()
        let directory = temporary.file("nested/certs")
        let (authority, created) = try CertificateAuthority.loadOrCreate(directory: directory)
        XCTAssertTrue(created)
        let files = authority.files
        XCTAssertEqual(files.directory, directory)
        for path in [files.certificate, files.certificateDER, files.privateKey] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), path)
        }
        XCTAssertEqual(try permissions(files.privateKey), 0o600)
        XCTAssertEqual(try permissions(files.directory), 0o700)
        XCTAssertEqual(try permissions(files.certificate), 0o644)
        let keyText = try String(contentsOfFile: files.privateKey, encoding: .utf8)
        XCTAssertTrue(keyText.hasPrefix("-----BEGIN PRIVATE KEY-----"), "PKCS#8 PEM expected: \(keyText.prefix(40))")
        // No temporary files left behind.
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: directory)),
                       ["ca.pem", "ca.der", "ca.key.pem"])
    }

    func testCertificateProfileAsOpenSSLSeesIt() throws {
        let ca = try TestCA()
        let text = try openssl(["x509", "-text", "-noout", "-in", ca.files.certificate])
        XCTAssertTrue(text.contains("CA:TRUE"), text)
        XCTAssertTrue(text.contains("X509v3 Basic Constraints: critical"), text)
        XCTAssertTrue(text.contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign"), text)
        XCTAssertTrue(text.contains("X509v3 Subject Key Identifier"), text)
        XCTAssertTrue(text.contains("Signature Algorithm: ecdsa-with-SHA256"), text)
        XCTAssertTrue(text.contains("Public-Key: (256 bit)"), text)
        XCTAssertTrue(text.contains("tlspeek CA ("), text)
        XCTAssertTrue(text.contains("O = tlspeek local debugging CA"), text)
        XCTAssertTrue(text.contains("Version: 3 (0x2)"), text)
        // Self-signed and valid for OpenSSL.
        XCTAssertTrue(try openssl(["verify", "-x509_strict", "-CAfile", ca.files.certificate, ca.files.certificate])
            .contains(": OK"))

        // ~10 years, starting a day back.
        let certificate = ca.authority.certificate
        let now = Date().timeIntervalSince1970
        XCTAssertEqual(certificate.notBefore, now - 86_400, accuracy: 120)
        XCTAssertEqual(certificate.notAfter - certificate.notBefore, 3_650 * 86_400, accuracy: 2)
        XCTAssertEqual(try opensslStatus(["x509", "-checkend", "\(9 * 365 * 86_400)", "-noout",
                                          "-in", ca.files.certificate]).status, 0, "expires within 9 years")
        XCTAssertEqual(try opensslStatus(["x509", "-checkend", "\(11 * 365 * 86_400)", "-noout",
                                          "-in", ca.files.certificate]).status, 1, "valid beyond 11 years")

        // ca.der is ca.pem in DER.
        let converted = ca.directory.file("converted.der")
        try openssl(["x509", "-in", ca.files.certificate, "-outform", "DER", "-out", converted])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: converted)),
                       try Data(contentsOf: URL(fileURLWithPath: ca.files.certificateDER)))
        // The key file is the certificate's key, as OpenSSL reads it.
        let keyPublic = try openssl(["pkey", "-in", ca.files.privateKey, "-pubout"])
        let certificatePublic = try openssl(["x509", "-in", ca.files.certificate, "-noout", "-pubkey"])
        XCTAssertEqual(keyPublic, certificatePublic)
    }

    func testSubjectNamesToolAndMachine() throws {
        let temporary = try TemporaryDirectory()
        let subject = CASubject(hostname: "devbox", user: "ada")
        let (authority, _) = try CertificateAuthority.loadOrCreate(directory: temporary.path, subject: subject)
        XCTAssertEqual(authority.certificate.subject, "CN=tlspeek CA (devbox),OU=ada@devbox,O=tlspeek local debugging CA")
        XCTAssertEqual(authority.certificate.issuer, authority.certificate.subject)

        let long = CASubject(hostname: String(repeating: "h", count: 100), user: "u").name
        XCTAssertEqual(long.commonName.count, 64)
        XCTAssertEqual(long.organizationalUnit?.count, 64)
        let other = try TemporaryDirectory()
        XCTAssertNoThrow(try CertificateAuthority.loadOrCreate(
            directory: other.path, subject: CASubject(hostname: String(repeating: "h", count: 100), user: "u")))
    }

    func testRSA2048Variant() throws {
        let ca = try TestCA(keyKind: .rsa2048)
        XCTAssertEqual(ca.authority.certificate.publicKeyDescription, "RSA 2048")
        let text = try openssl(["x509", "-text", "-noout", "-in", ca.files.certificate])
        XCTAssertTrue(text.contains("Public-Key: (2048 bit)"), text)
        XCTAssertTrue(text.contains("sha256WithRSAEncryption"), text)
        XCTAssertTrue(text.contains("CA:TRUE"), text)
    }

    func testSecondLoadReusesTheCA() throws {
        let ca = try TestCA()
        let before = try DirectorySnapshot(ca.files.directory)
        let (again, created) = try CertificateAuthority.loadOrCreate(directory: ca.files.directory, keyKind: .rsa2048)
        XCTAssertFalse(created)
        XCTAssertEqual(again.certificate.sha256Fingerprint, ca.authority.certificate.sha256Fingerprint)
        XCTAssertEqual(again.privateKey.publicKeyDER, ca.authority.privateKey.publicKeyDER)
        XCTAssertEqual(try CertificateAuthority.load(directory: ca.files.directory).certificate.derBytes,
                       ca.authority.certificate.derBytes)
        XCTAssertEqual(try DirectorySnapshot(ca.files.directory), before)
    }

    func testRelativeDirectoryResolvesToAbsolutePaths() throws {
        let files = CAFiles(directory: "certs/")
        XCTAssertTrue(files.directory.hasPrefix("/"))
        XCTAssertEqual(files.directory, FileManager.default.currentDirectoryPath + "/certs")
        XCTAssertEqual(files.privateKey, files.directory + "/ca.key.pem")
    }

    func testConcurrentCreationYieldsOneCA() throws {
        let temporary = try TemporaryDirectory()
        let directory = temporary.file("certs")
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            results.add(Result { try CertificateAuthority.loadOrCreate(directory: directory) })
        }
        let outcomes = try results.all.map { try $0.get() }
        XCTAssertEqual(outcomes.filter(\.created).count, 1)
        XCTAssertEqual(Set(outcomes.map(\.authority.certificate.sha256Fingerprint)).count, 1)
        let loaded = try CertificateAuthority.load(directory: directory)
        XCTAssertEqual(loaded.certificate.sha256Fingerprint, outcomes[0].authority.certificate.sha256Fingerprint)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: directory)),
                       ["ca.pem", "ca.der", "ca.key.pem"])
    }

    func testTwoCAsHaveDifferentKeys() throws {
        let first = try TestCA()
        let second = try TestCA()
        XCTAssertNotEqual(first.authority.privateKey.publicKeyDER, second.authority.privateKey.publicKeyDER)
        XCTAssertNotEqual(first.authority.certificate.sha256Fingerprint, second.authority.certificate.sha256Fingerprint)
        XCTAssertNotEqual(first.authority.certificate.serialHex, second.authority.certificate.serialHex)
    }

    // MARK: - Refusing broken CAs, without touching them

    func testCorruptCertificateIsAnErrorAndNothingIsRewritten() throws {
        let ca = try TestCA()
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: ca.files.certificate))
        let before = try DirectorySnapshot(ca.files.directory)
        XCTAssertThrowsError(try CertificateAuthority.loadOrCreate(directory: ca.files.directory)) { error in
            guard case .corruptFile(let path, _)? = error as? CAError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, ca.files.certificate)
            XCTAssertTrue("\(error)".contains(ca.files.certificate))
        }
        XCTAssertEqual(try DirectorySnapshot(ca.files.directory), before)
    }

    func testCorruptKeyIsAnError() throws {
        let ca = try TestCA()
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: ca.files.privateKey))
        try handle.truncate(atOffset: 60)
        try handle.close()
        let before = try DirectorySnapshot(ca.files.directory)
        XCTAssertThrowsError(try CertificateAuthority.loadOrCreate(directory: ca.files.directory)) { error in
            guard case .corruptFile(let path, _)? = error as? CAError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, ca.files.privateKey)
        }
        XCTAssertEqual(try DirectorySnapshot(ca.files.directory), before)
    }

    func testKeyOfAnotherCAIsAnError() throws {
        let ca = try TestCA()
        let other = try TestCA()
        let otherKey = try Data(contentsOf: URL(fileURLWithPath: other.files.privateKey))
        try otherKey.write(to: URL(fileURLWithPath: ca.files.privateKey))
        let before = try DirectorySnapshot(ca.files.directory)
        XCTAssertThrowsCAError(try CertificateAuthority.loadOrCreate(directory: ca.files.directory),
                               .keyMismatch(certificate: ca.files.certificate, key: ca.files.privateKey))
        XCTAssertThrowsCAError(try CertificateAuthority.load(directory: ca.files.directory),
                               .keyMismatch(certificate: ca.files.certificate, key: ca.files.privateKey))
        XCTAssertEqual(try DirectorySnapshot(ca.files.directory), before)
    }

    func testMissingKeyWithCertificatePresentIsAnError() throws {
        let ca = try TestCA()
        try FileManager.default.removeItem(atPath: ca.files.privateKey)
        let before = try DirectorySnapshot(ca.files.directory)
        let expected = CAError.incomplete(directory: ca.files.directory, present: ["ca.pem", "ca.der"],
                                          missing: ["ca.key.pem"])
        XCTAssertThrowsCAError(try CertificateAuthority.loadOrCreate(directory: ca.files.directory), expected)
        XCTAssertTrue(expected.description.contains("ca.key.pem"))
        XCTAssertEqual(try DirectorySnapshot(ca.files.directory), before)
    }

    func testMissingCertificateWithKeyPresentIsAnError() throws {
        let ca = try TestCA()
        try FileManager.default.removeItem(atPath: ca.files.certificate)
        try FileManager.default.removeItem(atPath: ca.files.certificateDER)
        let before = try DirectorySnapshot(ca.files.directory)
        XCTAssertThrowsCAError(try CertificateAuthority.loadOrCreate(directory: ca.files.directory),
                               .incomplete(directory: ca.files.directory, present: ["ca.key.pem"],
                                           missing: ["ca.pem"]))
        XCTAssertEqual(try DirectorySnapshot(ca.files.directory), before)
    }

    func testGroupReadableKeyIsRefusedWithTheFix() throws {
        let ca = try TestCA()
        XCTAssertEqual(chmod(ca.files.privateKey, 0o644), 0)
        let before = try DirectorySnapshot(ca.files.directory)
        XCTAssertThrowsError(try CertificateAuthority.loadOrCreate(directory: ca.files.directory)) { error in
            XCTAssertEqual(error as? CAError, .insecureKeyPermissions(path: ca.files.privateKey, mode: 0o644))
            XCTAssertTrue("\(error)".contains("chmod 600 \(ca.files.privateKey)"), "\(error)")
            XCTAssertEqual((error as? LocalizedError)?.errorDescription, "\(error)")
        }
        XCTAssertEqual(try DirectorySnapshot(ca.files.directory), before)
        XCTAssertEqual(try permissions(ca.files.privateKey), 0o644, "the mode is the user's to fix")
        XCTAssertEqual(chmod(ca.files.privateKey, 0o600), 0)
        XCTAssertNoThrow(try CertificateAuthority.load(directory: ca.files.directory))
    }

    func testMissingDERIsRederivedFromPEM() throws {
        let ca = try TestCA()
        try FileManager.default.removeItem(atPath: ca.files.certificateDER)
        let (authority, created) = try CertificateAuthority.loadOrCreate(directory: ca.files.directory)
        XCTAssertFalse(created)
        XCTAssertEqual(try Array(Data(contentsOf: URL(fileURLWithPath: ca.files.certificateDER))),
                       authority.certificate.derBytes)
    }

    func testDERThatDiffersFromPEMIsAnError() throws {
        let ca = try TestCA()
        let other = try TestCA()
        try Data(contentsOf: URL(fileURLWithPath: other.files.certificateDER))
            .write(to: URL(fileURLWithPath: ca.files.certificateDER))
        XCTAssertThrowsCAError(try CertificateAuthority.load(directory: ca.files.directory),
                               .derMismatch(der: ca.files.certificateDER, pem: ca.files.certificate))
    }

    func testNonCACertificateIsRefused() throws {
        let temporary = try TemporaryDirectory()
        let key = temporary.file("ca.key.pem")
        let certificate = temporary.file("ca.pem")
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", key, "-out", certificate, "-days", "30", "-subj", "/CN=not a CA",
                     "-addext", "basicConstraints=critical,CA:FALSE"])
        XCTAssertEqual(chmod(key, 0o600), 0)
        XCTAssertThrowsCAError(try CertificateAuthority.loadOrCreate(directory: temporary.path),
                               .notACertificateAuthority(path: certificate))
    }

    func testLoadWithoutCAIsNotFound() throws {
        let temporary = try TemporaryDirectory()
        XCTAssertThrowsCAError(try CertificateAuthority.load(directory: temporary.path),
                               .notFound(directory: temporary.path))
        XCTAssertThrowsCAError(try CertificateAuthority.load(directory: temporary.file("absent")),
                               .notFound(directory: temporary.file("absent")))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path), [])
    }

    func testOpenSSLCanUseTheCAForSigning() throws {
        // The files are usable by a second implementation: openssl signs a leaf with them.
        let ca = try TestCA()
        let leafKey = ca.directory.file("leaf.key")
        let request = ca.directory.file("leaf.csr")
        let leaf = ca.directory.file("leaf.pem")
        try openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", leafKey, "-out", request, "-subj", "/CN=openssl.test"])
        try openssl(["x509", "-req", "-in", request, "-CA", ca.files.certificate, "-CAkey", ca.files.privateKey,
                     "-CAcreateserial", "-out", leaf, "-days", "1"])
        XCTAssertTrue(try openssl(["verify", "-CAfile", ca.files.certificate, leaf]).contains(": OK"))
    }
}

private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<(authority: CertificateAuthority, created: Bool), any Error>] = []

    func add(_ value: Result<(authority: CertificateAuthority, created: Bool), any Error>) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }

    var all: [Result<(authority: CertificateAuthority, created: Bool), any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
