import TLS

/// Names a failed handshake the way PRODUCT.md asks (the alert's RFC name, or what else ended it)
/// and says what the user can do about it.
enum TLSFailureExplanation {
    static func name(of error: TLSError) -> String {
        switch error {
        case .alert(let alert, _, _): return alert.name
        case .protocolFailure: return "protocol_error"
        case .serverIdentityUnavailable: return "no_certificate_for_client"
        case .eofDuringHandshake: return "closed_during_handshake"
        case .uncleanShutdown: return "truncated"
        }
    }

    static func hint(for error: TLSError, leg: TLSLeg, host: String, messages: [TLSMessage]) -> String {
        switch (leg, error) {
        case (.client, .alert(let alert, .received, _))
            where [TLSAlert(code: 48), TLSAlert(code: 42), TLSAlert(code: 46)].contains(alert):
            return "the client does not trust the tlspeek CA: give it certs/ca.pem (curl --cacert certs/ca.pem; `tlspeek ca show` says how for browsers)"
        case (.client, .eofDuringHandshake):
            let sawOurFlight = messages.contains { $0.direction == .sent }
            return sawOurFlight
                ? "the client closed the connection right after tlspeek's certificate: it may not trust the tlspeek CA, or it pins certificates for \(host) (add --ignore-hosts '\(host)')"
                : "the client closed the connection before the handshake finished"
        case (.client, .alert(_, .sent, _)):
            return "tlspeek rejected the client's handshake (see reason)"
        case (.upstream, .alert(_, .received, _)):
            return "the server \(host) refused tlspeek's handshake (see reason)"
        case (.upstream, .eofDuringHandshake):
            return "the server \(host) closed the connection during the handshake"
        case (.upstream, .protocolFailure):
            return "the server \(host) does not speak TLS as expected on this port"
        default:
            return "see reason"
        }
    }
}
