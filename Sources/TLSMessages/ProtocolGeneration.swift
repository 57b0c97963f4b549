/// Certificate, CertificateRequest and NewSessionTicket changed layout in TLS 1.3; the negotiated
/// version picks the layout, and when it is unknown the bytes decide.
enum ProtocolGeneration {
    case tls12OrEarlier
    case tls13

    /// The generation of `version`, nil when unknown.
    init?(negotiatedVersion version: UInt16?) {
        guard let version else { return nil }
        // DTLS versions count down from 0xFEFF; treat them as pre-1.3 layouts like their TLS twins.
        self = (0x0304..<0xFE00).contains(version) ? .tls13 : .tls12OrEarlier
    }

    /// Decodes with the decoder for the negotiated generation. Without one, tries the TLS 1.3 layout and
    /// falls back to TLS 1.2's (whose error is thrown if neither fits). Decoders must consume everything.
    static func decode<Value>(
        _ reader: inout ByteReader, negotiatedVersion: UInt16?,
        tls13: (inout ByteReader) throws(TLSParseError) -> Value,
        tls12: (inout ByteReader) throws(TLSParseError) -> Value
    ) throws(TLSParseError) -> Value {
        switch ProtocolGeneration(negotiatedVersion: negotiatedVersion) {
        case .tls13?:
            return try tls13(&reader)
        case .tls12OrEarlier?:
            return try tls12(&reader)
        case nil:
            var attempt = reader
            if let value = try? tls13(&attempt) {
                reader = attempt
                return value
            }
            return try tls12(&reader)
        }
    }
}
