extension NameTable {
    /// Protocol versions, spelled as OpenSSL's `SSL_get_version` spells them so records agree with it.
    public static let protocolVersions = NameTable([
        0x0002: "SSLv2",
        0x0300: "SSLv3",
        0x0301: "TLSv1",
        0x0302: "TLSv1.1",
        0x0303: "TLSv1.2",
        0x0304: "TLSv1.3",
        0xFEFF: "DTLSv1",
        0xFEFD: "DTLSv1.2",
        0xFEFC: "DTLSv1.3",
    ], showsGREASE: true)
}
