extension NameTable {
    /// EC point formats (RFC 8422).
    public static let ecPointFormats = NameTable([
        0: "uncompressed",
        1: "ansiX962_compressed_prime",
        2: "ansiX962_compressed_char2",
    ], hexDigits: 2)

    /// PSK key exchange modes (RFC 8446 §4.2.9).
    public static let pskKeyExchangeModes = NameTable([
        0: "psk_ke",
        1: "psk_dhe_ke",
    ], hexDigits: 2)

    /// Compression methods (RFC 3749).
    public static let compressionMethods = NameTable([
        0: "null",
        1: "DEFLATE",
    ], hexDigits: 2)

    /// TLS 1.2 client certificate types requested by a CertificateRequest (RFC 5246, RFC 8422).
    public static let clientCertificateTypes = NameTable([
        1: "rsa_sign",
        2: "dss_sign",
        3: "rsa_fixed_dh",
        4: "dss_fixed_dh",
        64: "ecdsa_sign",
        65: "rsa_fixed_ecdh",
        66: "ecdsa_fixed_ecdh",
    ], hexDigits: 2)
}
