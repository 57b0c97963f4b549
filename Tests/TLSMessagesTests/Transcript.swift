import Foundation

/// A handshake recorded by `openssl s_server -msg` (see Fixtures/README.md): the messages in wire
/// order with their direction, record content type and bytes, as OpenSSL's message callback saw them.
struct Transcript {
    struct Message {
        /// `true` for "<<<" lines (the server received it), `false` for ">>>" (the server sent it).
        let receivedByServer: Bool
        let contentType: UInt8
        /// OpenSSL's own name for the message, e.g. "ClientHello", "warning close_notify".
        let openSSLName: String
        let bytes: [UInt8]
    }

    let messages: [Message]

    private static let contentTypes: [String: UInt8] = ["ChangeCipherSpec": 20, "Alert": 21, "Handshake": 22]

    /// Loads `Fixtures/<name>`, skipping record headers and TLS 1.3 inner content-type bytes.
    init(fixture name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        var messages: [Message] = []
        var current: (received: Bool, contentType: UInt8, name: String)?
        var bytes: [UInt8] = []
        func finish() {
            if let current {
                messages.append(Message(receivedByServer: current.received, contentType: current.contentType,
                                        openSSLName: current.name, bytes: bytes))
            }
            current = nil
            bytes = []
        }
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("<<< ") || line.hasPrefix(">>> ") {
                finish()
                // "<<< TLS 1.3, Handshake [length 0200], ClientHello"
                let parts = line.dropFirst(4).components(separatedBy: ", ")
                guard parts.count >= 2, let kind = parts[1].split(separator: " ").first,
                      let contentType = Self.contentTypes[String(kind)] else { continue }
                current = (line.hasPrefix("<<<"), contentType, parts.dropFirst(2).joined(separator: ", "))
            } else if current != nil {
                bytes += line.split(separator: " ").compactMap { UInt8($0, radix: 16) }
            }
        }
        finish()
        self.messages = messages
    }

    /// The handshake messages whose OpenSSL name is `name`, in order.
    func handshakes(named name: String) -> [Message] {
        messages.filter { $0.contentType == 22 && $0.openSSLName == name }
    }

    static let fixtureNames = [
        "curl-tls13.txt", "curl-untrusted-tls13.txt", "s_client-tls12.txt", "s_client-tls12-rsa.txt",
        "s_client-tls12-mutual.txt", "s_client-tls13-hrr-mutual.txt",
    ]
}
