import COpenSSL

/// A failure reported by OpenSSL, carrying the reason strings from its error queue.
public struct OpenSSLError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What tlspeek was doing, e.g. "SSL_CTX_use_certificate".
    public let operation: String
    /// OpenSSL's reasons, oldest first, e.g. ["certificate verify failed"].
    public let reasons: [String]

    public init(operation: String, reasons: [String]) {
        self.operation = operation
        self.reasons = reasons
    }

    /// Drains OpenSSL's thread-local error queue into an error for `operation`.
    public static func drain(_ operation: String) -> OpenSSLError {
        OpenSSLError(operation: operation, reasons: drainQueue())
    }

    /// Drains and returns the reason strings on OpenSSL's thread-local error queue.
    public static func drainQueue() -> [String] {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                reasons.append("error \(code)")
            }
        }
        return reasons
    }

    public var description: String {
        reasons.isEmpty ? "\(operation) failed" : "\(operation) failed: \(reasons.joined(separator: "; "))"
    }
}
