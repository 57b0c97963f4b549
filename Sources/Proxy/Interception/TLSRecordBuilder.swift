import Capture
import NIOCore
import TLS

/// Turns one leg's handshake transcript and outcome into a `tls` record (see PRODUCT.md).
struct TLSRecordBuilder {
    let leg: TLSLeg
    let recordID: String
    let target: ConnectTarget
    let started: NIODeadline
    let insecure: Bool

    func record(connectionID: Int, time: Timestamp, messages: [TLSMessage], summary: TLSSessionSummary?,
                error: TLSError?) -> Record {
        var fields: [(String, JSON)] = [
            ("id", .string(recordID)),
            ("leg", .string(leg.rawValue)),
            ("host", .string(target.host)),
            ("port", .int(target.port)),
            ("sni", JSON(summary?.serverName ?? TranscriptFacts.serverName(in: messages))),
            ("alpn", JSON(summary?.alpn)),
            ("version", JSON(summary?.version)),
            ("cipher", JSON(summary?.cipher)),
            ("group", JSON(summary?.group)),
            ("resumed", .bool(summary?.sessionReused ?? false)),
        ]
        if leg == .upstream {
            fields.append(("verification", verification(summary?.verification)))
            if insecure { fields.append(("insecure", .bool(true))) }
        }
        fields.append(("messages", TranscriptJSON(started: started).render(messages)))
        if let error {
            fields.append(("error", .string(TLSFailureExplanation.name(of: error))))
            fields.append(("reason", .string(error.description)))
            fields.append(("hint", .string(TLSFailureExplanation.hint(for: error, leg: leg, host: target.host,
                                                                        messages: messages))))
        }
        return Record(kind: .tls, time: time, connection: connectionID, fields: fields)
    }

    private func verification(_ result: VerificationResult?) -> JSON {
        switch result {
        case .ok: return "ok"
        case .failed(let reason): return .string(reason)
        case .skipped: return "skipped (--insecure)"
        case nil: return .null
        }
    }
}
