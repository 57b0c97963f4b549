import COpenSSL

/// An owned OpenSSL `EVP_PKEY`. Immutable after creation, so it may cross threads.
public final class PrivateKey: @unchecked Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case ecP256 = "ec-p256"
        case rsa2048 = "rsa-2048"
    }

    let pointer: OpaquePointer

    /// Takes ownership of an `EVP_PKEY*` (one reference).
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Generates a fresh key of `kind`.
    public static func generate(_ kind: Kind) throws -> PrivateKey {
        ERR_clear_error()
        let id: Int32 = kind == .ecP256 ? EVP_PKEY_EC : EVP_PKEY_RSA
        guard let context = EVP_PKEY_CTX_new_id(id, nil) else { throw OpenSSLError.drain("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw OpenSSLError.drain("EVP_PKEY_keygen_init") }
        switch kind {
        case .ecP256:
            guard EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) == 1 else {
                throw OpenSSLError.drain("EVP_PKEY_CTX_set_ec_paramgen_curve_nid")
            }
        case .rsa2048:
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1 else {
                throw OpenSSLError.drain("EVP_PKEY_CTX_set_rsa_keygen_bits")
            }
        }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(context, &key) == 1, let key else { throw OpenSSLError.drain("EVP_PKEY_keygen") }
        return PrivateKey(taking: key)
    }

    /// Parses a PEM private key (PKCS#8 or traditional).
    public convenience init(pem: [UInt8]) throws {
        ERR_clear_error()
        let bio = MemoryBIO(bytes: pem)
        guard let key = PEM_read_bio_PrivateKey(bio.pointer, nil, nil, nil) else {
            throw OpenSSLError.drain("PEM_read_bio_PrivateKey")
        }
        self.init(taking: key)
    }

    /// The key as unencrypted PKCS#8 PEM.
    public func pemBytes() throws -> [UInt8] {
        ERR_clear_error()
        let bio = MemoryBIO()
        guard PEM_write_bio_PrivateKey(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLError.drain("PEM_write_bio_PrivateKey")
        }
        return bio.contents
    }

    /// A short description such as "EC P-256" or "RSA 2048".
    public var typeDescription: String {
        KeyDescription.describe(pointer)
    }

    /// The DER SubjectPublicKeyInfo, used to compare keys (e.g. CA certificate vs CA key).
    public var publicKeyDER: [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(pointer, &out)
        guard length > 0, let out else { return [] }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    deinit { EVP_PKEY_free(pointer) }
}

/// Names an `EVP_PKEY`'s type and size the way users read them.
enum KeyDescription {
    static func describe(_ key: OpaquePointer) -> String {
        let bits = EVP_PKEY_get_bits(key)
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            if EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, &name, name.count, &length) == 1 {
                let group = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return "EC \(group == "prime256v1" ? "P-256" : group == "secp384r1" ? "P-384" : group)"
            }
            return "EC \(bits)"
        case EVP_PKEY_RSA: return "RSA \(bits)"
        case EVP_PKEY_RSA_PSS: return "RSA-PSS \(bits)"
        case EVP_PKEY_ED25519: return "Ed25519"
        case EVP_PKEY_ED448: return "Ed448"
        default: return "key \(bits) bits"
        }
    }
}

extension PrivateKey {
    /// The kind of this key when it is one tlspeek generates (EC P-256 or RSA 2048), else nil.
    public var kind: Kind? {
        switch EVP_PKEY_get_base_id(pointer) {
        case EVP_PKEY_EC: return typeDescription == "EC P-256" ? .ecP256 : nil
        case EVP_PKEY_RSA: return EVP_PKEY_get_bits(pointer) == 2048 ? .rsa2048 : nil
        default: return nil
        }
    }

    /// Whether this is an RSA key (which may also encipher keys, unlike EC keys).
    public var isRSA: Bool { EVP_PKEY_get_base_id(pointer) == EVP_PKEY_RSA }
}
