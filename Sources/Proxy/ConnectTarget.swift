/// A host and port to connect to: a CONNECT target or the origin of an absolute-form URL.
public struct ConnectTarget: Hashable, Sendable, CustomStringConvertible {
    /// The host name or IP literal, without IPv6 brackets.
    public let host: String
    /// The TCP port.
    public let port: Int

    /// A target from its parts; brackets around an IPv6 literal are dropped.
    public init(host: String, port: Int) {
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
    }

    /// Parses an authority `host:port`, `[v6]:port`, or — when `defaultPort` is given — a bare host.
    public init?(authority: some StringProtocol, defaultPort: Int? = nil) {
        let text = Substring(authority)
        let hostPart: Substring
        let portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return nil }
            portPart = rest.isEmpty ? nil : rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard !hostPart.contains(":") else { return nil }  // unbracketed IPv6 is ambiguous
        } else {
            hostPart = text
            portPart = nil
        }
        guard !hostPart.isEmpty, !hostPart.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }) else { return nil }
        let port: Int
        if let portPart {
            guard !portPart.isEmpty, portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = Int(portPart), (1...65535).contains(number) else { return nil }
            port = number
        } else {
            guard let defaultPort else { return nil }
            port = defaultPort
        }
        self.init(host: String(hostPart), port: port)
    }

    /// `host:port`, with brackets around an IPv6 literal.
    public var description: String { "\(authorityHost):\(port)" }

    /// The host as written in an authority or Host header (IPv6 in brackets).
    public var authorityHost: String { host.contains(":") ? "[\(host)]" : host }
}
