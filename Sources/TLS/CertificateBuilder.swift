import COpenSSL

/// Describes one X.509 v3 certificate and signs it with OpenSSL (SHA-256).
///
/// Set the fields, then call `selfSigned(key:)` for a root CA or
/// `signed(subjectKey:issuer:issuerKey:)` for a certificate issued by a CA. Every OpenSSL object
/// allocated while building is freed before the call returns; the result owns its `X509`.
///
/// Subject alternative names are encoded directly as `GENERAL_NAME`s (never through OpenSSL's
/// config-string parser), so a name cannot inject extra entries, and IP addresses become real
/// `iPAddress` entries (4 or 16 octets).
public struct CertificateBuilder: Sendable {
    /// The subject's distinguished name. Each attribute is at most 64 characters (RFC 5280 upper
    /// bounds); longer values make `sign` throw.
    public struct Name: Sendable, Hashable {
        public var commonName: String
        public var organization: String?
        public var organizationalUnit: String?

        public init(commonName: String, organization: String? = nil, organizationalUnit: String? = nil) {
            self.commonName = commonName
            self.organization = organization
            self.organizationalUnit = organizationalUnit
        }
    }

    /// The keyUsage bits tlspeek issues. The extension is always marked critical.
    public struct KeyUsage: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let digitalSignature = KeyUsage(rawValue: 1 << 0)
        public static let keyEncipherment = KeyUsage(rawValue: 1 << 1)
        public static let keyCertSign = KeyUsage(rawValue: 1 << 2)
        public static let cRLSign = KeyUsage(rawValue: 1 << 3)

        /// The OpenSSL config-string form, e.g. "critical,digitalSignature,keyEncipherment".
        var configValue: String {
            var parts = ["critical"]
            if contains(.digitalSignature) { parts.append("digitalSignature") }
            if contains(.keyEncipherment) { parts.append("keyEncipherment") }
            if contains(.keyCertSign) { parts.append("keyCertSign") }
            if contains(.cRLSign) { parts.append("cRLSign") }
            return parts.joined(separator: ",")
        }
    }

    public enum ExtendedKeyUsage: String, Sendable, Hashable {
        case serverAuth
        case clientAuth
    }

    /// basicConstraints, always marked critical.
    public enum BasicConstraints: Sendable, Hashable {
        case endEntity
        /// A CA; `pathLength` limits how many intermediate CAs may follow (nil = no limit).
        case certificateAuthority(pathLength: Int?)

        var configValue: String {
            switch self {
            case .endEntity: return "critical,CA:FALSE"
            case .certificateAuthority(nil): return "critical,CA:TRUE"
            case .certificateAuthority(let length?): return "critical,CA:TRUE,pathlen:\(length)"
            }
        }
    }

    public var subject: Name
    /// Validity, as seconds since the Unix epoch (the same unit as `Certificate.notBefore`).
    public var notBefore: Double
    public var notAfter: Double
    /// Big-endian serial number; nil draws a fresh random positive 127-bit one per signature.
    public var serialNumber: [UInt8]?
    public var basicConstraints: BasicConstraints
    /// Empty = no keyUsage extension.
    public var keyUsage: KeyUsage
    /// Empty = no extendedKeyUsage extension.
    public var extendedKeyUsage: [ExtendedKeyUsage]
    /// DNS and IP entries, in this order. Empty = no subjectAltName extension.
    public var subjectAlternativeNames: [SubjectAlternativeName]
    /// subjectKeyIdentifier (SHA-1 of the public key, RFC 5280 method 1).
    public var includesSubjectKeyIdentifier: Bool
    /// authorityKeyIdentifier (the issuer's key identifier).
    public var includesAuthorityKeyIdentifier: Bool

    public init(subject: Name, notBefore: Double, notAfter: Double,
                basicConstraints: BasicConstraints = .endEntity,
                keyUsage: KeyUsage = [], extendedKeyUsage: [ExtendedKeyUsage] = [],
                subjectAlternativeNames: [SubjectAlternativeName] = [],
                serialNumber: [UInt8]? = nil,
                includesSubjectKeyIdentifier: Bool = true, includesAuthorityKeyIdentifier: Bool = true) {
        self.subject = subject
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.basicConstraints = basicConstraints
        self.keyUsage = keyUsage
        self.extendedKeyUsage = extendedKeyUsage
        self.subjectAlternativeNames = subjectAlternativeNames
        self.serialNumber = serialNumber
        self.includesSubjectKeyIdentifier = includesSubjectKeyIdentifier
        self.includesAuthorityKeyIdentifier = includesAuthorityKeyIdentifier
    }

    /// A self-signed certificate for `key` (issuer = subject), e.g. a root CA.
    public func selfSigned(key: PrivateKey) throws -> Certificate {
        try build(subjectKey: SubjectKey(key), issuer: nil, issuerKey: key)
    }

    /// A certificate for the public half of `subjectKey`, issued by `issuer` and signed with
    /// `issuerKey` (which must match `issuer`).
    public func signed(subjectKey: PrivateKey, issuer: Certificate, issuerKey: PrivateKey) throws -> Certificate {
        try build(subjectKey: SubjectKey(subjectKey), issuer: issuer, issuerKey: issuerKey)
    }

    /// The same, for a key prepared once with `SubjectKey` — the fast path when one key is
    /// certified many times (tlspeek's leaf key).
    public func signed(subjectKey: SubjectKey, issuer: Certificate, issuerKey: PrivateKey) throws -> Certificate {
        try build(subjectKey: subjectKey, issuer: issuer, issuerKey: issuerKey)
    }

    /// 16 random bytes with the top bit cleared: a positive serial of up to 127 bits, never zero.
    public static func randomSerialNumber() throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 16)
        repeat {
            ERR_clear_error()
            guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { throw OpenSSLError.drain("RAND_bytes") }
            bytes[0] &= 0x7f
        } while bytes.allSatisfy { $0 == 0 }
        return bytes
    }

    // MARK: - Building

    private func build(subjectKey: SubjectKey, issuer: Certificate?, issuerKey: PrivateKey) throws -> Certificate {
        ERR_clear_error()
        guard let x509 = X509_new() else { throw OpenSSLError.drain("X509_new") }
        // Owned by `certificate` from here on, so every early throw frees it.
        let certificate = Certificate(taking: x509)

        guard X509_set_version(x509, 2) == 1 else { throw OpenSSLError.drain("X509_set_version") }
        try setSerialNumber(x509)
        try setName(X509_get_subject_name(x509))
        let issuerName = issuer.map { X509_get_subject_name($0.pointer) } ?? X509_get_subject_name(x509)
        guard X509_set_issuer_name(x509, issuerName) == 1 else { throw OpenSSLError.drain("X509_set_issuer_name") }
        guard ASN1_TIME_set(X509_getm_notBefore(x509), time_t(notBefore.rounded(.down))) != nil,
              ASN1_TIME_set(X509_getm_notAfter(x509), time_t(notAfter.rounded(.down))) != nil else {
            throw OpenSSLError.drain("ASN1_TIME_set")
        }
        try subjectKey.assign(to: x509)
        try addExtensions(to: x509, issuer: issuer?.pointer ?? x509)

        guard X509_sign(x509, issuerKey.pointer, EVP_sha256()) > 0 else { throw OpenSSLError.drain("X509_sign") }
        return certificate
    }

    private func setSerialNumber(_ x509: OpaquePointer) throws {
        let bytes = try serialNumber ?? Self.randomSerialNumber()
        guard let bignum = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw OpenSSLError.drain("BN_bin2bn") }
        defer { BN_free(bignum) }
        guard let integer = BN_to_ASN1_INTEGER(bignum, nil) else { throw OpenSSLError.drain("BN_to_ASN1_INTEGER") }
        defer { ASN1_INTEGER_free(integer) }
        guard X509_set_serialNumber(x509, integer) == 1 else { throw OpenSSLError.drain("X509_set_serialNumber") }
    }

    private func setName(_ name: OpaquePointer?) throws {
        guard let name else { throw OpenSSLError.drain("X509_get_subject_name") }
        let entries: [(Int32, String?, String)] = [
            (NID_organizationName, subject.organization, "O"),
            (NID_organizationalUnitName, subject.organizationalUnit, "OU"),
            (NID_commonName, subject.commonName, "CN"),
        ]
        for (nid, value, label) in entries {
            guard let value, !value.isEmpty else { continue }
            let added = value.withCString { text in
                text.withMemoryRebound(to: UInt8.self, capacity: value.utf8.count) {
                    X509_NAME_add_entry_by_NID(name, nid, tlspeek_MBSTRING_UTF8, $0, Int32(value.utf8.count), -1, 0)
                }
            }
            guard added == 1 else { throw OpenSSLError.drain("X509_NAME_add_entry_by_NID(\(label)=\(value))") }
        }
    }

    private func addExtensions(to x509: OpaquePointer, issuer: OpaquePointer) throws {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer, x509, nil, nil, 0)

        try addConfigExtension(NID_basic_constraints, basicConstraints.configValue, to: x509, context: &context)
        if !keyUsage.isEmpty {
            try addConfigExtension(NID_key_usage, keyUsage.configValue, to: x509, context: &context)
        }
        if !extendedKeyUsage.isEmpty {
            let value = extendedKeyUsage.map(\.rawValue).joined(separator: ",")
            try addConfigExtension(NID_ext_key_usage, value, to: x509, context: &context)
        }
        // The SKI goes first: for a self-signed certificate the AKI is read from it.
        if includesSubjectKeyIdentifier {
            try addConfigExtension(NID_subject_key_identifier, "hash", to: x509, context: &context)
        }
        if includesAuthorityKeyIdentifier {
            try addConfigExtension(NID_authority_key_identifier, "keyid:always", to: x509, context: &context)
        }
        if !subjectAlternativeNames.isEmpty {
            try addSubjectAlternativeNames(to: x509)
        }
    }

    private func addConfigExtension(_ nid: Int32, _ value: String, to x509: OpaquePointer,
                                    context: inout X509V3_CTX) throws {
        guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw OpenSSLError.drain("X509V3_EXT_conf_nid(\(String(cString: OBJ_nid2sn(nid))) = \(value))")
        }
        defer { X509_EXTENSION_free(ext) }
        guard X509_add_ext(x509, ext, -1) == 1 else { throw OpenSSLError.drain("X509_add_ext") }
    }

    private func addSubjectAlternativeNames(to x509: OpaquePointer) throws {
        guard let names = GENERAL_NAMES_new() else { throw OpenSSLError.drain("GENERAL_NAMES_new") }
        defer { GENERAL_NAMES_free(names) }
        for alternativeName in subjectAlternativeNames {
            guard let general = GENERAL_NAME_new() else { throw OpenSSLError.drain("GENERAL_NAME_new") }
            switch alternativeName {
            case .dns(let host):
                guard let ia5 = ASN1_IA5STRING_new() else {
                    GENERAL_NAME_free(general)
                    throw OpenSSLError.drain("ASN1_IA5STRING_new")
                }
                GENERAL_NAME_set0_value(general, GEN_DNS, ia5)
                let bytes = Array(host.utf8)
                guard ASN1_STRING_set(ia5, bytes, Int32(bytes.count)) == 1 else {
                    GENERAL_NAME_free(general)
                    throw OpenSSLError.drain("ASN1_STRING_set(DNS:\(host))")
                }
            case .ip(let address):
                guard let octets = ASN1_OCTET_STRING_new() else {
                    GENERAL_NAME_free(general)
                    throw OpenSSLError.drain("ASN1_OCTET_STRING_new")
                }
                GENERAL_NAME_set0_value(general, GEN_IPADD, octets)
                guard ASN1_OCTET_STRING_set(octets, address.bytes, Int32(address.bytes.count)) == 1 else {
                    GENERAL_NAME_free(general)
                    throw OpenSSLError.drain("ASN1_OCTET_STRING_set(IP:\(address))")
                }
            }
            guard tlspeek_sk_GENERAL_NAME_push(names, general) > 0 else {
                GENERAL_NAME_free(general)
                throw OpenSSLError.drain("sk_GENERAL_NAME_push")
            }
        }
        // Critical only when the subject is empty (RFC 5280 4.2.1.6); ours always has a CN.
        guard X509_add1_ext_i2d(x509, NID_subject_alt_name, UnsafeMutableRawPointer(names), 0,
                                UInt(X509V3_ADD_DEFAULT)) == 1 else {
            throw OpenSSLError.drain("X509_add1_ext_i2d(subjectAltName)")
        }
    }
}

extension CertificateBuilder {
    /// A subject public key prepared once, so that many certificates can certify it cheaply.
    ///
    /// With OpenSSL 3.0, `X509_set_pubkey` on a provider-generated key runs the encoder framework
    /// (about 300 µs per call, measured on 3.0.19), which dominated leaf minting. A legacy copy of the
    /// key (`tlspeek_EVP_PKEY_legacy_copy`) is encoded by OpenSSL's old fast path (~7 µs). Where
    /// no legacy copy can be made, the key itself is used (correct, only slower).
    public final class SubjectKey: @unchecked Sendable {
        public let key: PrivateKey
        /// An `EVP_PKEY*` with the same public key, owned; nil = use `key`.
        private let legacyCopy: OpaquePointer?

        public init(_ key: PrivateKey) {
            self.key = key
            self.legacyCopy = tlspeek_EVP_PKEY_legacy_copy(key.pointer)
            ERR_clear_error()
        }

        /// Sets this public key on `x509`.
        func assign(to x509: OpaquePointer) throws {
            guard X509_set_pubkey(x509, legacyCopy ?? key.pointer) == 1 else {
                throw OpenSSLError.drain("X509_set_pubkey")
            }
        }

        deinit {
            if let legacyCopy { EVP_PKEY_free(legacyCopy) }
        }
    }
}
