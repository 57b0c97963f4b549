import Foundation
import TLS

/// The profile of tlspeek's self-signed CA certificate.
enum RootCertificate {
    /// Ten years from one day back (so clocks a little behind still accept it).
    static let backdate: TimeInterval = 86_400
    static let lifetime: TimeInterval = 3_650 * 86_400

    static func generate(keyKind: PrivateKey.Kind, subject: CASubject,
                         now: Date) throws -> (Certificate, PrivateKey) {
        do {
            let key = try PrivateKey.generate(keyKind)
            let start = now.timeIntervalSince1970 - backdate
            let builder = CertificateBuilder(
                subject: subject.name,
                notBefore: start,
                notAfter: start + lifetime,
                basicConstraints: .certificateAuthority(pathLength: 0),
                keyUsage: [.keyCertSign, .cRLSign]
            )
            return (try builder.selfSigned(key: key), key)
        } catch {
            throw CAError.generationFailed(reason: "\(error)")
        }
    }
}
