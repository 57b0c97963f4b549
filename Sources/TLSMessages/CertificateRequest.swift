/// The server asking for a client certificate (RFC 8446 §4.3.2, RFC 5246 §7.4.4).
public enum CertificateRequest: Equatable, Sendable {
    /// TLS 1.2: acceptable certificate types, signature schemes, and how many CA names were listed.
    case tls12(certificateTypes: [UInt8], signatureAlgorithms: [UInt16], certificateAuthorityCount: Int)
    /// TLS 1.3: a context echoed in the client's Certificate, and extensions (signature_algorithms is mandatory).
    case tls13(context: [UInt8], extensions: [TLSExtension], signatureAlgorithms: [UInt16])

    /// Decodes a CertificateRequest body in the layout of `negotiatedVersion` (guessing when nil).
    init(body reader: inout ByteReader, negotiatedVersion: UInt16?) throws(TLSParseError) {
        self = try ProtocolGeneration.decode(&reader, negotiatedVersion: negotiatedVersion,
                                             tls13: Self.tls13, tls12: Self.tls12)
    }

    private static func tls13(_ reader: inout ByteReader) throws(TLSParseError) -> CertificateRequest {
        let context = try reader.vectorBytes("CertificateRequest.certificate_request_context", prefix: .oneByte)
        let block = try ExtensionBlock(from: &reader, "CertificateRequest.extensions")
        try reader.expectEnd("CertificateRequest")
        let algorithms = try block.decode(ExtensionType.signatureAlgorithms, ExtensionDecoders.codePoints) ?? []
        return .tls13(context: context, extensions: block.extensions, signatureAlgorithms: algorithms)
    }

    private static func tls12(_ reader: inout ByteReader) throws(TLSParseError) -> CertificateRequest {
        let types = try reader.vectorBytes("CertificateRequest.certificate_types", prefix: .oneByte)
        let algorithms = try reader.u16List("CertificateRequest.supported_signature_algorithms", prefix: .twoBytes)
        var names = try reader.vector("CertificateRequest.certificate_authorities", prefix: .twoBytes)
        let authorities = try names.elements("CertificateRequest.certificate_authorities") { name throws(TLSParseError) in
            try name.vectorBytes("CertificateRequest.DistinguishedName", prefix: .twoBytes)
        }
        try reader.expectEnd("CertificateRequest")
        return .tls12(certificateTypes: types, signatureAlgorithms: algorithms,
                      certificateAuthorityCount: authorities.count)
    }

    /// The signature schemes the server accepts, in its order.
    public var signatureAlgorithms: [UInt16] {
        switch self {
        case .tls12(_, let algorithms, _), .tls13(_, _, let algorithms):
            return algorithms
        }
    }

    /// The salient fields.
    public func summary() -> Summary {
        let algorithms: (key: String, value: SummaryValue) =
            ("signature_algorithms", .strings(NameTable.signatureSchemes.names(signatureAlgorithms)))
        switch self {
        case .tls12(let types, _, let authorityCount):
            return [
                ("certificate_types", .strings(NameTable.clientCertificateTypes.names(types))),
                algorithms,
                ("certificate_authorities", .int(authorityCount)),
            ]
        case .tls13(let context, let extensions, _):
            return [
                ("context_length", .int(context.count)),
                algorithms,
                ("extensions", .strings(extensions.map(\.name))),
            ]
        }
    }
}
