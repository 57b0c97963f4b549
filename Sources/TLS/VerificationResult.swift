/// The outcome of verifying the server's certificate in client mode.
public enum VerificationResult: Sendable, Equatable {
    case ok
    /// OpenSSL's reason, e.g. "certificate has expired" or "Hostname mismatch".
    case failed(reason: String)
    /// Verification was turned off (`--insecure`).
    case skipped
}
