/// An alert record's message `[level, description]` (RFC 8446 §6, RFC 5246 §7.2).
public struct Alert: Equatable, Sendable {
    /// How serious the alert is.
    public enum Level: Equatable, Sendable {
        /// 1: the connection may continue (close_notify, user_canceled).
        case warning
        /// 2: the connection ends.
        case fatal
        /// Any other byte.
        case unknown(UInt8)

        init(_ value: UInt8) {
            switch value {
            case 1: self = .warning
            case 2: self = .fatal
            default: self = .unknown(value)
            }
        }

        /// `warning`, `fatal`, or the number.
        public var name: String {
            switch self {
            case .warning: return "warning"
            case .fatal: return "fatal"
            case .unknown(let value): return String(value)
            }
        }
    }

    /// The level.
    public let level: Level
    /// The AlertDescription code.
    public let description: UInt8

    /// Decodes the two alert bytes.
    public init(bytes: [UInt8]) throws(TLSParseError) {
        var reader = ByteReader(bytes)
        level = Level(try reader.u8("Alert.level"))
        description = try reader.u8("Alert.description")
        try reader.expectEnd("Alert")
    }

    /// The RFC name, e.g. `unknown_ca`, `close_notify`.
    public var descriptionName: String { NameTable.alertDescriptions.name(description) }

    /// The salient fields.
    public func summary() -> Summary {
        [("level", .string(level.name)), ("description", .string(descriptionName))]
    }
}
