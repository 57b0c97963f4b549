import TLSMessages

/// A TLS alert description (RFC 8446 §6, RFC 5246 §7.2), named the way the RFCs spell it.
public struct TLSAlert: Hashable, Sendable, CustomStringConvertible {
    /// The one-byte AlertDescription code.
    public let code: UInt8

    /// The alert with AlertDescription `code`.
    public init(code: UInt8) { self.code = code }

    /// The RFC name, e.g. "unknown_ca", or the code in hex for codes no RFC names.
    public var name: String { NameTable.alertDescriptions.name(code) }

    public var description: String { name }

    /// close_notify and user_canceled end a connection without an error (RFC 8446 §6.1).
    public var isClosure: Bool { code == 0 || code == 90 }

    // Alerts tlspeek refers to by name.
    public static let closeNotify = TLSAlert(code: 0)
    public static let unknownCA = TLSAlert(code: 48)
    public static let internalError = TLSAlert(code: 80)
}
