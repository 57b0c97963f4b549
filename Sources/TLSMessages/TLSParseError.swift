/// Why a message could not be decoded: which field, at which byte offset of the message, and what was wrong.
public struct TLSParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong with the field.
    public enum Problem: Equatable, Sendable {
        /// A fixed-size field needs more bytes than are left.
        case truncated(needed: Int, available: Int)
        /// A length prefix declares more bytes than are left.
        case lengthExceedsBuffer(declared: Int, available: Int)
        /// Bytes remain after the last field of a structure.
        case trailingBytes(count: Int)
        /// The field has a value or shape the format forbids.
        case invalid(String)
    }

    /// The field's name, e.g. `ClientHello.cipher_suites`.
    public let field: String
    /// The offset of the field within the bytes that were parsed (the message header included).
    public let offset: Int
    /// What was wrong.
    public let problem: Problem

    /// Creates an error for `field` at `offset`.
    public init(field: String, offset: Int, problem: Problem) {
        self.field = field
        self.offset = offset
        self.problem = problem
    }

    /// One line for logs and records, e.g. `ClientHello.extensions at offset 75: length 512 exceeds the 20 bytes left`.
    public var description: String {
        let what: String
        switch problem {
        case .truncated(let needed, let available):
            what = "needs \(needed) bytes, \(available) left"
        case .lengthExceedsBuffer(let declared, let available):
            what = "length \(declared) exceeds the \(available) bytes left"
        case .trailingBytes(let count):
            what = "\(count) unexpected trailing bytes"
        case .invalid(let reason):
            what = reason
        }
        return "\(field) at offset \(offset): \(what)"
    }
}
