extension NameTable {
    /// Handshake message types (TLS HandshakeType registry), named as the RFCs' structures are.
    public static let handshakeTypes = NameTable([
        0: "HelloRequest",
        1: "ClientHello",
        2: "ServerHello",
        3: "HelloVerifyRequest",
        4: "NewSessionTicket",
        5: "EndOfEarlyData",
        8: "EncryptedExtensions",
        11: "Certificate",
        12: "ServerKeyExchange",
        13: "CertificateRequest",
        14: "ServerHelloDone",
        15: "CertificateVerify",
        16: "ClientKeyExchange",
        20: "Finished",
        21: "CertificateURL",
        22: "CertificateStatus",
        23: "SupplementalData",
        24: "KeyUpdate",
        25: "CompressedCertificate",
        67: "NextProtocol",
        254: "MessageHash",
    ], hexDigits: 2)
}
