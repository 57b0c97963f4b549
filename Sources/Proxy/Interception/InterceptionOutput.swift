import Capture

/// Where an intercepted connection's TLS records and key log lines go.
public struct InterceptionOutput: Sendable {
    /// Receives `tls` records; nil records nothing.
    public var recorder: Recorder?
    /// Receives NSS key log lines of both legs; nil logs no keys.
    public var keyLog: KeyLogWriter?

    public init(recorder: Recorder?, keyLog: KeyLogWriter?) {
        self.recorder = recorder
        self.keyLog = keyLog
    }
}
