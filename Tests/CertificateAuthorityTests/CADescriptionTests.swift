import CertificateAuthority
import Foundation
import TestSupport
import TLS
import XCTest

final class CADescriptionTests: XCTestCase {
    func testShowTextMatchesOpenSSLAndNamesEveryClient() throws {
        let ca = try TestCA()
        let text = CADescription(authority: ca.authority).text

        let printed = try openssl(["x509", "-fingerprint", "-sha256", "-noout", "-in", ca.files.certificate])
        let fingerprint = try XCTUnwrap(printed.split(separator: "=", maxSplits: 1).last)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(fingerprint.count, 95)
        XCTAssertTrue(text.contains("SHA-256      \(fingerprint)\n"), text)

        XCTAssertTrue(text.contains(ca.authority.certificate.subject), text)
        XCTAssertTrue(text.contains("EC P-256"), text)
        XCTAssertTrue(text.contains(ca.files.certificate) && ca.files.certificate.hasPrefix("/"), text)
        XCTAssertTrue(text.contains(ca.files.certificateDER), text)
        XCTAssertTrue(text.contains(ca.files.privateKey), text)
        for expected in ["--cacert \(ca.files.certificate)", "CURL_CA_BUNDLE=\(ca.files.certificate)",
                         "REQUESTS_CA_BUNDLE=\(ca.files.certificate)",
                         "certutil -d sql:$HOME/.pki/nssdb -A -t \"C,,\" -n tlspeek -i \(ca.files.certificate)",
                         "Firefox", "policies.json",
                         "sudo cp \(ca.files.certificate) /usr/local/share/ca-certificates/tlspeek.crt && sudo update-ca-certificates"] {
            XCTAssertTrue(text.contains(expected), "missing \(expected) in\n\(text)")
        }
    }

    func testValidityIsISO8601() throws {
        let ca = try TestCA()
        let description = CADescription(authority: ca.authority)
        let expected = Date(timeIntervalSince1970: ca.authority.certificate.notAfter).formatted(.iso8601)
        XCTAssertTrue(description.text.contains("valid until  \(expected)\n"), description.text)
        XCTAssertNotNil(try? Regex(#"valid from   \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#).firstMatch(in: description.text))
    }

    func testPathsWithSpacesAreQuotedForTheShell() throws {
        let temporary = try TemporaryDirectory()
        let (authority, _) = try CertificateAuthority.loadOrCreate(directory: temporary.file("my certs"))
        let text = CADescription(authority: authority).text
        XCTAssertTrue(text.contains("--cacert '\(authority.files.certificate)'"), text)
        XCTAssertTrue(text.contains("\"Install\": [\"\(authority.files.certificate)\"]"), text)
    }
}
