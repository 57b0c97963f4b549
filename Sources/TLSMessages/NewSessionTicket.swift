/// A session ticket for resumption (RFC 8446 §4.6.1, RFC 5077 §3.3).
public struct NewSessionTicket: Equatable, Sendable {
    /// The fields only TLS 1.3 tickets carry.
    public struct TLS13Fields: Equatable, Sendable {
        /// Obfuscates the ticket age the client reports.
        public let ageAdd: UInt32
        /// The nonce the resumption PSK is derived with.
        public let nonceLength: Int
        /// Ticket extensions (e.g. early_data with max_early_data_size).
        public let extensions: [TLSExtension]
    }

    /// How long the ticket may be used, in seconds (a hint in TLS 1.2).
    public let lifetimeSeconds: UInt32
    /// The opaque ticket's size.
    public let ticketLength: Int
    /// Present on TLS 1.3 tickets.
    public let tls13: TLS13Fields?

    /// Decodes a NewSessionTicket body in the layout of `negotiatedVersion` (guessing when nil).
    init(body reader: inout ByteReader, negotiatedVersion: UInt16?) throws(TLSParseError) {
        self = try ProtocolGeneration.decode(&reader, negotiatedVersion: negotiatedVersion,
                                             tls13: Self.tls13, tls12: Self.tls12)
    }

    private init(lifetimeSeconds: UInt32, ticketLength: Int, tls13: TLS13Fields?) {
        self.lifetimeSeconds = lifetimeSeconds
        self.ticketLength = ticketLength
        self.tls13 = tls13
    }

    private static func tls13(_ reader: inout ByteReader) throws(TLSParseError) -> NewSessionTicket {
        let lifetime = try reader.u32("NewSessionTicket.ticket_lifetime")
        let ageAdd = try reader.u32("NewSessionTicket.ticket_age_add")
        let nonce = try reader.vectorBytes("NewSessionTicket.ticket_nonce", prefix: .oneByte)
        let ticket = try reader.vectorBytes("NewSessionTicket.ticket", prefix: .twoBytes)
        let block = try ExtensionBlock(from: &reader, "NewSessionTicket.extensions")
        try reader.expectEnd("NewSessionTicket")
        return NewSessionTicket(
            lifetimeSeconds: lifetime, ticketLength: ticket.count,
            tls13: TLS13Fields(ageAdd: ageAdd, nonceLength: nonce.count, extensions: block.extensions))
    }

    private static func tls12(_ reader: inout ByteReader) throws(TLSParseError) -> NewSessionTicket {
        let lifetime = try reader.u32("NewSessionTicket.ticket_lifetime_hint")
        let ticket = try reader.vectorBytes("NewSessionTicket.ticket", prefix: .twoBytes)
        try reader.expectEnd("NewSessionTicket")
        return NewSessionTicket(lifetimeSeconds: lifetime, ticketLength: ticket.count, tls13: nil)
    }

    /// The salient fields.
    public func summary() -> Summary {
        var fields: Summary = [("lifetime", .int(Int(lifetimeSeconds)))]
        if let tls13 {
            fields += [
                ("age_add", .int(Int(tls13.ageAdd))),
                ("nonce_length", .int(tls13.nonceLength)),
            ]
        }
        fields.append(("ticket_length", .int(ticketLength)))
        if let tls13 { fields.append(("extensions", .strings(tls13.extensions.map(\.name)))) }
        return fields
    }
}
