/// A Certificate handshake message (RFC 8446 §4.4.2, RFC 5246 §7.4.2): the DER chain, leaf first.
/// Named `CertificateMessage` so it does not clash with the X.509 `Certificate` type of the TLS module,
/// which decodes the DER.
public struct CertificateMessage: Equatable, Sendable {
    /// One certificate: its DER and (TLS 1.3) its extensions, e.g. OCSP status or SCTs.
    public struct Entry: Equatable, Sendable {
        /// The DER-encoded X.509 certificate.
        public let der: [UInt8]
        /// Per-certificate extensions (always empty before TLS 1.3).
        public let extensions: [TLSExtension]
    }

    /// The TLS 1.3 certificate_request_context (empty for a server's certificate); nil in TLS 1.2.
    public let requestContext: [UInt8]?
    /// The certificates in wire order.
    public let entries: [Entry]

    /// Decodes a Certificate body in the layout of `negotiatedVersion` (guessing when nil).
    init(body reader: inout ByteReader, negotiatedVersion: UInt16?) throws(TLSParseError) {
        self = try ProtocolGeneration.decode(&reader, negotiatedVersion: negotiatedVersion,
                                             tls13: Self.tls13, tls12: Self.tls12)
    }

    private init(requestContext: [UInt8]?, entries: [Entry]) {
        self.requestContext = requestContext
        self.entries = entries
    }

    private static func tls13(_ reader: inout ByteReader) throws(TLSParseError) -> CertificateMessage {
        let context = try reader.vectorBytes("Certificate.certificate_request_context", prefix: .oneByte)
        var list = try reader.vector("Certificate.certificate_list", prefix: .threeBytes)
        let entries = try list.elements("Certificate.certificate_list") { entry throws(TLSParseError) in
            let der = try entry.vectorBytes("Certificate.cert_data", prefix: .threeBytes)
            let block = try ExtensionBlock(from: &entry, "Certificate.extensions")
            return Entry(der: der, extensions: block.extensions)
        }
        try reader.expectEnd("Certificate")
        return CertificateMessage(requestContext: context, entries: entries)
    }

    private static func tls12(_ reader: inout ByteReader) throws(TLSParseError) -> CertificateMessage {
        var list = try reader.vector("Certificate.certificate_list", prefix: .threeBytes)
        let entries = try list.elements("Certificate.certificate_list") { entry throws(TLSParseError) in
            Entry(der: try entry.vectorBytes("Certificate.cert_data", prefix: .threeBytes), extensions: [])
        }
        try reader.expectEnd("Certificate")
        return CertificateMessage(requestContext: nil, entries: entries)
    }

    /// The DER certificates, leaf first.
    public var derCertificates: [[UInt8]] { entries.map(\.der) }

    /// The salient fields: how many certificates and their sizes (X.509 details are decoded elsewhere).
    public func summary() -> Summary {
        var fields: Summary = [
            ("count", .int(entries.count)),
            ("der_lengths", .list(entries.map { .int($0.der.count) })),
        ]
        if let requestContext { fields.append(("request_context_length", .int(requestContext.count))) }
        return fields
    }
}
