import Foundation
import TLS

/// tlspeek's local CA, loaded from (or created in) a directory: see `CAFiles` for the files.
/// Immutable; safe to share between threads.
public final class CertificateAuthority: Sendable {
    public let certificate: Certificate
    public let privateKey: PrivateKey
    public let files: CAFiles

    public init(certificate: Certificate, privateKey: PrivateKey, files: CAFiles) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.files = files
    }

    /// Loads the CA in `directory`, or creates a new one there if none of its files exists
    /// (`tlspeek ca init`, and every proxy start). An existing CA is never overwritten: a partial,
    /// corrupt or mismatched CA, or a key file other users can read, is a `CAError`.
    /// If only `ca.der` is missing it is re-derived from `ca.pem`.
    ///
    /// - Parameters:
    ///   - keyKind: the key type of a newly created CA (an existing CA keeps its key).
    ///   - subject: who a new CA's subject names; the current user and machine by default.
    public static func loadOrCreate(directory: String, keyKind: PrivateKey.Kind = .ecP256,
                                    subject: CASubject = .current(),
                                    now: Date = Date()) throws -> (authority: CertificateAuthority, created: Bool) {
        let files = CAFiles(directory: directory)
        let (certificate, key, created) = try CAStore.loadOrCreate(files, keyKind: keyKind, subject: subject, now: now)
        return (CertificateAuthority(certificate: certificate, privateKey: key, files: files), created)
    }

    /// Loads the existing CA in `directory` (`tlspeek ca show`); `CAError.notFound` when there is
    /// none. If only `ca.der` is missing it is re-derived from `ca.pem`.
    public static func load(directory: String) throws -> CertificateAuthority {
        let files = CAFiles(directory: directory)
        let (certificate, key) = try CAStore.load(files)
        return CertificateAuthority(certificate: certificate, privateKey: key, files: files)
    }
}
