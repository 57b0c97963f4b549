/// Proof of possession of the certificate's private key (RFC 8446 §4.4.3, RFC 5246 §7.4.8).
public struct CertificateVerify: Equatable, Sendable {
    /// The signature and its scheme.
    public let signature: DigitalSignature

    /// Decodes a CertificateVerify body.
    init(body reader: inout ByteReader, negotiatedVersion: UInt16?) throws(TLSParseError) {
        signature = try DigitalSignature(from: &reader, "CertificateVerify", negotiatedVersion: negotiatedVersion)
        try reader.expectEnd("CertificateVerify")
    }

    /// The salient fields.
    public func summary() -> Summary {
        [("signature_algorithm", .string(signature.schemeName)), ("signature_length", .int(signature.length))]
    }
}
