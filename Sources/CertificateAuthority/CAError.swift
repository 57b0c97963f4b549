import Foundation

/// Why a CA could not be created or loaded. Every case names the file and what to do about it.
/// tlspeek never "repairs" a CA by generating a new one: clients trust the old one.
public enum CAError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// `load` found no CA at all in the directory.
    case notFound(directory: String)
    /// Some of the CA's files exist and others do not.
    case incomplete(directory: String, present: [String], missing: [String])
    /// A file exists but cannot be parsed.
    case corruptFile(path: String, reason: String)
    /// The private key is not the key of the certificate.
    case keyMismatch(certificate: String, key: String)
    /// The certificate is not a CA certificate (basicConstraints CA:TRUE is missing).
    case notACertificateAuthority(path: String)
    /// `ca.der` does not hold the same certificate as `ca.pem`.
    case derMismatch(der: String, pem: String)
    /// The private key file may be read by other users.
    case insecureKeyPermissions(path: String, mode: UInt16)
    /// A path that should be a directory (or regular file) is something else.
    case wrongFileType(path: String, expected: String)
    /// A system call failed.
    case fileSystem(path: String, operation: String, reason: String)
    /// A file appeared while tlspeek was creating the CA (another process creating one too?).
    case createdConcurrently(path: String)
    /// OpenSSL failed to generate the key or certificate.
    case generationFailed(reason: String)

    public var description: String {
        switch self {
        case .notFound(let directory):
            return "no CA in \(directory): expected \(CAFiles.certificateName) and \(CAFiles.privateKeyName); "
                + "create one with `tlspeek ca init --certs \(directory)`"
        case .incomplete(let directory, let present, let missing):
            return "incomplete CA in \(directory): \(present.joined(separator: ", ")) "
                + "\(present.count == 1 ? "exists" : "exist") but \(missing.joined(separator: ", ")) "
                + "\(missing.count == 1 ? "is" : "are") missing. Restore the missing file, or move the directory "
                + "away to create a new CA (clients that trusted the old CA must then trust the new one)"
        case .corruptFile(let path, let reason):
            return "\(path) is not usable: \(reason). Restore it from a backup, or move the CA directory away "
                + "to create a new CA"
        case .keyMismatch(let certificate, let key):
            return "\(key) is not the private key of \(certificate): the two files belong to different CAs. "
                + "Restore the matching pair, or move the CA directory away to create a new CA"
        case .notACertificateAuthority(let path):
            return "\(path) is not a CA certificate (basicConstraints CA:TRUE is missing)"
        case .derMismatch(let der, let pem):
            return "\(der) does not contain the same certificate as \(pem); delete \(der) and tlspeek "
                + "re-derives it from \(pem)"
        case .insecureKeyPermissions(let path, let mode):
            return "\(path) is readable by other users (mode \(String(mode, radix: 8))); "
                + "fix it with `chmod 600 \(path)`"
        case .wrongFileType(let path, let expected):
            return "\(path) is not a \(expected)"
        case .fileSystem(let path, let operation, let reason):
            return "\(operation) \(path) failed: \(reason)"
        case .createdConcurrently(let path):
            return "\(path) appeared while tlspeek was creating the CA (is another tlspeek initialising it?); "
                + "nothing was overwritten, run the command again"
        case .generationFailed(let reason):
            return "could not generate the CA: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
