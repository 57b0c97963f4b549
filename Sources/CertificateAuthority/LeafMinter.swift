import Foundation
import TLS

/// Mints leaf (server) certificates signed by the CA, all for one key pair.
///
/// Like mitmproxy, tlspeek uses a single leaf key per process (make one minter per process):
/// generating a key per host would cost far more than signing, and the key never leaves memory.
/// Thread-safe: it holds only immutable state, and OpenSSL signs with a shared key concurrently.
public final class LeafMinter: Sendable {
    /// Validity of minted leaves.
    public struct Validity: Sendable, Hashable {
        /// How far before "now" a leaf starts, to tolerate clients whose clock is behind.
        public var backdate: TimeInterval
        /// Total validity (notAfter − notBefore); 397 days is the most browsers accept.
        public var lifetime: TimeInterval

        public init(backdate: TimeInterval = 86_400, lifetime: TimeInterval = 397 * 86_400) {
            self.backdate = backdate
            self.lifetime = lifetime
        }
    }

    public let authority: CertificateAuthority
    public let leafKey: PrivateKey
    public let validity: Validity
    /// `leafKey`, encoded once for all leaves.
    private let subjectKey: CertificateBuilder.SubjectKey

    /// - Parameter leafKey: the key every leaf certifies; a fresh EC P-256 key by default.
    public init(authority: CertificateAuthority, leafKey: PrivateKey? = nil, validity: Validity = Validity()) throws {
        self.authority = authority
        self.validity = validity
        do {
            let key = try leafKey ?? PrivateKey.generate(.ecP256)
            self.leafKey = key
            self.subjectKey = CertificateBuilder.SubjectKey(key)
        } catch {
            throw LeafError.signingFailed(reason: "preparing the leaf key: \(error)")
        }
    }

    /// A leaf for `names`: CN = the primary name, SANs = all names (DNS and IP), a random serial,
    /// valid from `now − backdate` for `lifetime` but never beyond the CA, serverAuth,
    /// digitalSignature (+ keyEncipherment for an RSA leaf key), CA:FALSE, SKI and AKI.
    public func mint(_ names: LeafNames, now: Date = Date()) throws -> Certificate {
        let ca = authority.certificate
        let moment = now.timeIntervalSince1970
        guard ca.notAfter > moment else {
            throw LeafError.authorityExpired(certificate: authority.files.certificate,
                                             notAfter: Date(timeIntervalSince1970: ca.notAfter))
        }
        let notBefore = max(moment - validity.backdate, ca.notBefore)
        let notAfter = min(moment - validity.backdate + validity.lifetime, ca.notAfter)
        let builder = CertificateBuilder(
            subject: CertificateBuilder.Name(commonName: names.commonName),
            notBefore: notBefore,
            notAfter: notAfter,
            basicConstraints: .endEntity,
            keyUsage: leafKey.isRSA ? [.digitalSignature, .keyEncipherment] : [.digitalSignature],
            extendedKeyUsage: [.serverAuth],
            subjectAlternativeNames: names.names
        )
        do {
            return try builder.signed(subjectKey: subjectKey, issuer: ca, issuerKey: authority.privateKey)
        } catch {
            throw LeafError.signingFailed(reason: "\(error)")
        }
    }

    /// Parses and normalises `names` (see `LeafNames`), then mints.
    public func mint(names: [String], now: Date = Date()) throws -> Certificate {
        try mint(LeafNames(names), now: now)
    }

    /// A freshly minted leaf with its chain and key.
    public func identity(for names: LeafNames, now: Date = Date()) throws -> LeafIdentity {
        LeafIdentity(chain: [try mint(names, now: now), authority.certificate], key: leafKey, names: names)
    }
}
