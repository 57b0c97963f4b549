import Capture

/// Where an intercepted connection's TLS records and key log lines go.
public struct InterceptionOutput: Sendable {
    /// Receives `tls` records; nil records nothing.
    public var recorder: Recorder?
    /// Receives NSS key log lines of both legs; nil logs no keys.
    public var keyLog: KeyLogWriter?
    /// `--keylog-hosts`: when non-empty, only connections whose CONNECT host or SNI matches one
    /// of these have their keys logged.
    public var keyLogHosts: [HostPattern]

    public init(recorder: Recorder?, keyLog: KeyLogWriter?, keyLogHosts: [HostPattern] = []) {
        self.recorder = recorder
        self.keyLog = keyLog
        self.keyLogHosts = keyLogHosts
    }

    /// The key log for a leg to `target` whose ClientHello named `serverName`, or nil when its
    /// keys are not to be logged. `serverName` is only worked out when `--keylog-hosts` needs it
    /// (it decodes the ClientHello).
    func keyLog(for target: ConnectTarget, serverName: @autoclosure () -> String?) -> KeyLogWriter? {
        guard let keyLog, !keyLogHosts.isEmpty else { return keyLog }
        let hosts = [target.host, serverName()].compactMap { $0 }
        let matches = keyLogHosts.contains { pattern in hosts.contains { pattern.matches(host: $0, port: target.port) } }
        return matches ? keyLog : nil
    }
}
