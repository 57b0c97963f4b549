import Capture
import NIOCore
import TLS

/// Watches one TLS leg's events: forwards key log lines, and when the handshake ends emits one
/// `tls` record with the transcript, the negotiated parameters and, on failure, a named reason
/// and a hint. Confined to the leg's event loop.
final class TLSLegObserver {
    private enum State {
        case handshaking(messages: [TLSMessage])
        case recorded
    }

    /// The id other records (e.g. `http`) use to point at this leg's `tls` record.
    let recordID: String
    private let leg: TLSLeg
    private let connectionID: Int
    private let target: ConnectTarget
    private let output: InterceptionOutput
    private let started = NIODeadline.now()
    private var state = State.handshaking(messages: [])
    /// Set on the upstream leg when certificates are not verified (`--insecure`).
    private let insecure: Bool
    /// The negotiated version, once the handshake is done, for the `http` records citing this leg.
    /// Only this is kept: the summary's certificate chain has no use after the `tls` record.
    private(set) var negotiatedVersion: String?
    /// Where this leg's key log lines go (nil: nowhere), decided at the first line, when the
    /// ClientHello and so the SNI `--keylog-hosts` may match has been seen.
    private lazy var keyLog = output.keyLog(for: target, serverName: TranscriptFacts.serverName(in: messages))

    init(leg: TLSLeg, recordID: String, connectionID: Int, target: ConnectTarget, insecure: Bool,
         output: InterceptionOutput) {
        self.leg = leg
        self.recordID = recordID
        self.connectionID = connectionID
        self.target = target
        self.insecure = insecure
        self.output = output
    }

    func handle(_ event: TLSEvent) {
        switch event {
        case .message(let message):
            guard case .handshaking(var messages) = state else { return }
            messages.append(message)
            state = .handshaking(messages: messages)
        case .keyLog(let line):
            keyLog?.append(line)
        case .handshakeCompleted(let summary):
            negotiatedVersion = summary.version
            keyLog?.flush()
            emit(summary: summary, error: nil)
        case .handshakeFailed(let error):
            emit(summary: nil, error: error)
        case .connectionFailed:
            // After the handshake the record is written; later failures belong to the HTTP records.
            break
        }
    }

    /// The handshake messages seen so far (none once the record is written).
    private var messages: [TLSMessage] {
        switch state {
        case .handshaking(let messages): return messages
        case .recorded: return []
        }
    }

    /// Records a handshake that never finished because the connection went away first.
    func connectionClosed() {
        if case .handshaking = state { emit(summary: nil, error: .eofDuringHandshake) }
    }

    private func emit(summary: TLSSessionSummary?, error: TLSError?) {
        guard case .handshaking(let messages) = state else { return }
        state = .recorded
        let builder = TLSRecordBuilder(leg: leg, recordID: recordID, target: target, started: started, insecure: insecure)
        let (connectionID, time) = (self.connectionID, Timestamp.now())
        // Decoding the transcript (certificates above all) is the costly part: only when read, off the loop.
        output.recorder?.record(.tls, failed: error != nil) {
            builder.record(connectionID: connectionID, time: time, messages: messages, summary: summary, error: error)
        }
    }
}
