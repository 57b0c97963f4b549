import Capture
import NIOCore
import TLS
import TLSMessages

/// Renders a leg's handshake messages for the `tls` record: name, direction, length, time since
/// the leg started, and each message's salient fields (certificates decoded with OpenSSL).
struct TranscriptJSON {
    let started: NIODeadline

    func render(_ messages: [TLSMessage]) -> JSON {
        var negotiatedVersion: UInt16?
        return .array(messages.map { message in
            var fields: [(String, JSON)] = []
            do {
                let parsed = try TLSRecordMessage.parse(contentType: message.contentType.rawValue, bytes: message.bytes,
                                                        negotiatedVersion: negotiatedVersion)
                fields.append(("type", .string(parsed.typeName)))
                fields += common(message)
                fields += parsed.summary().map { ($0.key, Self.json($0.value)) }
                if case .handshake(let handshake) = parsed {
                    switch handshake {
                    case .serverHello(let hello):
                        negotiatedVersion = hello.version
                        fields.append(("ja3s_hash", .string(Digest.md5Hex(hello.ja3s))))
                    case .clientHello(let hello):
                        fields.append(("ja3_hash", .string(Digest.md5Hex(hello.ja3))))
                    case .certificate(let certificates):
                        fields.append(("certificates", .array(certificates.derCertificates.map(CertificateDescriptions.shared.describe))))
                    default:
                        break
                    }
                }
            } catch {
                fields.append(("type", .string(message.name)))
                fields += common(message)
                fields.append(("parse_error", .string("\(error)")))
            }
            return .object(fields)
        })
    }

    private func common(_ message: TLSMessage) -> [(String, JSON)] {
        let elapsed = Double((message.timestamp - started).nanoseconds) / 1_000_000
        return [
            ("direction", .string(message.direction.rawValue)),
            ("length", .int(message.bytes.count)),
            ("ms", .double((elapsed * 1000).rounded() / 1000)),
        ]
    }

    static func json(_ value: SummaryValue) -> JSON {
        switch value {
        case .string(let text): return .string(text)
        case .int(let number): return .int(number)
        case .bool(let flag): return .bool(flag)
        case .list(let values): return .array(values.map(json))
        }
    }
}
