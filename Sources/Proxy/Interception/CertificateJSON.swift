import Capture
import TLS

/// A certificate's salient fields for records: subject, issuer, SANs, validity, key, fingerprint.
enum CertificateJSON {
    static func describe(_ certificate: Certificate) -> JSON {
        .object([
            ("subject", .string(certificate.subject)),
            ("issuer", .string(certificate.issuer)),
            ("sans", .array(certificate.subjectAlternativeNames.map { .string($0.description) })),
            ("not_before", .string(Timestamp(secondsSince1970: certificate.notBefore).rfc3339)),
            ("not_after", .string(Timestamp(secondsSince1970: certificate.notAfter).rfc3339)),
            ("key", .string(certificate.publicKeyDescription)),
            ("sha256", .string(certificate.sha256Fingerprint)),
        ])
    }
}
