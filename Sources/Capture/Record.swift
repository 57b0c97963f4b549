/// One JSON Lines record: every record has a type, a time and the connection it belongs to.
public struct Record: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case tls, http, tunnel, error
    }

    public let kind: Kind
    public let time: Timestamp
    /// The client connection's id (see `ConnectionID`); records of one connection share it.
    public let connection: Int
    /// The type-specific fields, in the order they are printed.
    public let fields: [(String, JSON)]

    public init(kind: Kind, time: Timestamp = .now(), connection: Int, fields: [(String, JSON)]) {
        self.kind = kind
        self.time = time
        self.connection = connection
        self.fields = fields
    }

    public var json: JSON {
        .object([("type", .string(kind.rawValue)), ("time", .string(time.rfc3339)), ("connection", .int(connection))] + fields)
    }

    /// The value of a type-specific field.
    public subscript(field: String) -> JSON? {
        fields.first { $0.0 == field }?.1
    }
}
