/// A TLS 1.3 traffic key update (RFC 8446 §4.6.3).
public struct KeyUpdate: Equatable, Sendable {
    /// Whether the sender asks the peer to update its keys too.
    public let updateRequested: Bool

    /// Decodes a KeyUpdate body: one byte, 0 (update_not_requested) or 1 (update_requested).
    init(body reader: inout ByteReader) throws(TLSParseError) {
        let field = "KeyUpdate.request_update"
        let offset = reader.offset
        switch try reader.u8(field) {
        case 0: updateRequested = false
        case 1: updateRequested = true
        case let value: throw TLSParseError(field: field, offset: offset, problem: .invalid("value \(value)"))
        }
        try reader.expectEnd("KeyUpdate")
    }

    /// The salient fields.
    public func summary() -> Summary {
        [("update_requested", .bool(updateRequested))]
    }
}
