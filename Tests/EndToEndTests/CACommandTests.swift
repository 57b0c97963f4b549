import Foundation
import TestSupport
import XCTest

/// `tlspeek ca init` and `tlspeek ca show`, checked against the openssl command line.
final class CACommandTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var certs: String { directory.file("certs") }

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "tlspeek-ca")
    }

    override func tearDown() {
        directory = nil
    }

    func testInitCreatesFilesAndNeverOverwrites() throws {
        let first = try tlspeek(["ca", "init", "--certs", certs])
        XCTAssertEqual(first.status, 0, first.output)
        let names = ["ca.pem", "ca.der", "ca.key.pem"]
        let contents = try names.map { name in try XCTUnwrap(FileManager.default.contents(atPath: "\(certs)/\(name)"), name) }
        let keyMode = try FileManager.default.attributesOfItem(atPath: "\(certs)/ca.key.pem")[.posixPermissions] as? Int
        XCTAssertEqual(keyMode, 0o600)
        XCTAssertEqual(try TestPKI.openssl(["x509", "-in", "\(certs)/ca.der", "-inform", "DER", "-noout", "-fingerprint", "-sha256"]),
                       try TestPKI.openssl(["x509", "-in", "\(certs)/ca.pem", "-noout", "-fingerprint", "-sha256"]),
                       "ca.der is not ca.pem in DER")

        let second = try tlspeek(["ca", "init", "--certs", certs])
        XCTAssertEqual(second.status, 0, second.output)
        XCTAssertTrue(second.output.contains("already exists"), second.output)
        XCTAssertEqual(names.map { FileManager.default.contents(atPath: "\(certs)/\($0)") }, contents, "ca init changed an existing CA")
    }

    func testShowPrintsTheFingerprintOpenSSLComputesAndTrustInstructions() throws {
        XCTAssertEqual(try tlspeek(["ca", "init", "--certs", certs]).status, 0)
        let shown = try tlspeek(["ca", "show", "--certs", certs])
        XCTAssertEqual(shown.status, 0, shown.output)

        // "sha256 Fingerprint=AB:CD:…" → "abcd…"; tlspeek may print it in any case, with or without colons.
        let opensslLine = try TestPKI.openssl(["x509", "-fingerprint", "-sha256", "-noout", "-in", "\(certs)/ca.pem"])
        let expected = Self.hexOnly(String(opensslLine.split(separator: "=").last ?? ""))
        XCTAssertEqual(expected.count, 64, opensslLine)
        XCTAssertTrue(Self.hexOnly(shown.output).contains(expected), "fingerprint \(expected) not in:\n\(shown.output)")
        for client in ["curl", "Firefox", "Python"] {
            XCTAssertTrue(shown.output.contains(client), "no trust instructions for \(client):\n\(shown.output)")
        }
    }

    func testShowWithoutCAFailsClearly() throws {
        try FileManager.default.createDirectory(atPath: certs, withIntermediateDirectories: true)
        let shown = try tlspeek(["ca", "show", "--certs", certs])
        XCTAssertNotEqual(shown.status, 0, shown.output)
        XCTAssertTrue(shown.output.contains(certs), "the message does not say where it looked:\n\(shown.output)")
        XCTAssertTrue(shown.output.contains("ca init"), "the message does not say how to create a CA:\n\(shown.output)")
    }

    func testEveryInstallationGetsItsOwnKey() throws {
        let other = directory.file("other")
        XCTAssertEqual(try tlspeek(["ca", "init", "--certs", certs]).status, 0)
        XCTAssertEqual(try tlspeek(["ca", "init", "--certs", other]).status, 0)
        let publicKeys = try [certs, other].map { try TestPKI.openssl(["pkey", "-in", "\($0)/ca.key.pem", "-pubout"]) }
        XCTAssertNotEqual(publicKeys[0], publicKeys[1])
    }

    private func tlspeek(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ChildProcess.run(TLSPeekBinary.path, arguments)
    }

    private static func hexOnly(_ text: String) -> String {
        String(text.lowercased().filter { $0.isHexDigit })
    }
}
