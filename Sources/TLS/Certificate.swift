import TLSMessages
import COpenSSL

/// An owned OpenSSL `X509`. Immutable after creation, so it may cross threads.
public final class Certificate: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of an `X509*` (one reference).
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Adds a reference to an `X509*` owned elsewhere (e.g. from a chain OpenSSL owns).
    init(retaining pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.pointer = pointer
    }

    /// Parses one DER certificate.
    public convenience init(der: [UInt8]) throws {
        ERR_clear_error()
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let parsed else { throw OpenSSLError.drain("d2i_X509") }
        self.init(taking: parsed)
    }

    /// Parses every certificate in a PEM file's bytes, in order. Throws if there is none.
    public static func chain(pem: [UInt8]) throws -> [Certificate] {
        ERR_clear_error()
        let bio = MemoryBIO(bytes: pem)
        var certificates: [Certificate] = []
        while let x509 = PEM_read_bio_X509(bio.pointer, nil, nil, nil) {
            certificates.append(Certificate(taking: x509))
        }
        ERR_clear_error() // the loop ends on a "no start line" error
        guard !certificates.isEmpty else {
            throw OpenSSLError(operation: "PEM_read_bio_X509", reasons: ["no PEM certificate found"])
        }
        return certificates
    }

    /// Parses the first certificate of PEM bytes.
    public convenience init(pem: [UInt8]) throws {
        let first = try Certificate.chain(pem: pem)[0]
        self.init(retaining: first.pointer)
    }

    public var derBytes: [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(pointer, &out)
        guard length > 0, let out else { return [] }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    public func pemBytes() throws -> [UInt8] {
        ERR_clear_error()
        let bio = MemoryBIO()
        guard PEM_write_bio_X509(bio.pointer, pointer) == 1 else { throw OpenSSLError.drain("PEM_write_bio_X509") }
        return bio.contents
    }

    /// The subject as a one-line RFC 2253 string, e.g. "CN=example.com,O=Example".
    public var subject: String { Self.oneLine(X509_get_subject_name(pointer)) }
    public var issuer: String { Self.oneLine(X509_get_issuer_name(pointer)) }

    /// The subject's common name, if any.
    public var commonName: String? {
        guard let name = X509_get_subject_name(pointer) else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
              let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        return Self.string(data)
    }

    /// Subject alternative names of type DNS and IP, in certificate order.
    public var subjectAlternativeNames: [SubjectAlternativeName] {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { tlspeek_GENERAL_NAMES_free(names) }
        var result: [SubjectAlternativeName] = []
        for index in 0..<tlspeek_sk_GENERAL_NAME_num(names) {
            guard let name = tlspeek_sk_GENERAL_NAME_value(names, index) else { continue }
            switch name.pointee.type {
            case GEN_DNS:
                if let ia5 = name.pointee.d.dNSName { result.append(.dns(Self.string(ia5))) }
            case GEN_IPADD:
                if let octets = name.pointee.d.iPAddress {
                    let bytes = Self.bytes(octets)
                    if let address = IPAddress(bytes: bytes) { result.append(.ip(address)) }
                }
            default:
                continue
            }
        }
        return result
    }

    public var notBefore: Double { Self.epochSeconds(X509_get0_notBefore(pointer)) }
    public var notAfter: Double { Self.epochSeconds(X509_get0_notAfter(pointer)) }

    /// The serial number in upper-case hex.
    public var serialHex: String {
        guard let serial = X509_get_serialNumber(pointer), let bignum = ASN1_INTEGER_to_BN(serial, nil) else { return "" }
        defer { BN_free(bignum) }
        guard let hex = BN_bn2hex(bignum) else { return "" }
        defer { CRYPTO_free(hex, #fileID, #line) }
        return String(cString: hex)
    }

    /// SHA-256 of the DER encoding, as colon-separated upper-case hex.
    public var sha256Fingerprint: String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        X509_digest(pointer, EVP_sha256(), &digest, &length)
        return digest.prefix(Int(length)).map { Hex.byte($0, uppercase: true) }.joined(separator: ":")
    }

    /// The certified public key's type and size, e.g. "EC P-256".
    public var publicKeyDescription: String {
        guard let key = X509_get0_pubkey(pointer) else { return "unknown" }
        return KeyDescription.describe(key)
    }

    /// The DER SubjectPublicKeyInfo of the certified key.
    public var publicKeyDER: [UInt8] {
        guard let key = X509_get0_pubkey(pointer) else { return [] }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(key, &out)
        guard length > 0, let out else { return [] }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// Whether `key` is the private half of this certificate's public key.
    public func matches(_ key: PrivateKey) -> Bool {
        X509_check_private_key(pointer, key.pointer) == 1
    }

    deinit { X509_free(pointer) }

    // MARK: - ASN.1 helpers

    private static func oneLine(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        let bio = MemoryBIO()
        X509_NAME_print_ex(bio.pointer, name, 0, tlspeek_XN_FLAG_RFC2253 & ~UInt(ASN1_STRFLGS_ESC_MSB))
        return String(decoding: bio.contents, as: UTF8.self)
    }

    private static func bytes(_ string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        let length = Int(ASN1_STRING_length(string))
        guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    private static func string(_ asn1: UnsafePointer<ASN1_STRING>) -> String {
        String(decoding: bytes(asn1), as: UTF8.self)
    }

    private static func epochSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Double {
        guard let time else { return 0 }
        var tm = tm()
        guard ASN1_TIME_to_tm(time, &tm) == 1 else { return 0 }
        return Double(timegm(&tm))
    }
}

/// A subject alternative name tlspeek understands.
public enum SubjectAlternativeName: Hashable, Sendable, CustomStringConvertible {
    case dns(String)
    case ip(IPAddress)

    public var description: String {
        switch self {
        case .dns(let name): return "DNS:\(name)"
        case .ip(let address): return "IP:\(address)"
        }
    }
}

extension Certificate {
    /// Whether basicConstraints says CA:TRUE (`X509_check_ca` == 1).
    public var isCertificateAuthority: Bool { X509_check_ca(pointer) == 1 }
}
