import Foundation

/// Why a leaf certificate could not be minted.
public enum LeafError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// No name was given.
    case noNames
    /// A name is neither an IP literal nor a plausible DNS name.
    case invalidName(String, reason: String)
    /// The CA's certificate has expired, so nothing it signs can be trusted.
    case authorityExpired(certificate: String, notAfter: Date)
    /// OpenSSL failed to build or sign the certificate.
    case signingFailed(reason: String)

    public var description: String {
        switch self {
        case .noNames:
            return "cannot mint a leaf certificate without any name"
        case .invalidName(let name, let reason):
            return "cannot mint a leaf certificate for \"\(name)\": \(reason)"
        case .authorityExpired(let certificate, let notAfter):
            return "the tlspeek CA \(certificate) expired on \(notAfter.formatted(.iso8601)); move its directory "
                + "away to create a new CA, and trust the new one"
        case .signingFailed(let reason):
            return "could not sign a leaf certificate: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
