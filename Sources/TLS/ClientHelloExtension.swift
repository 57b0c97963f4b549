/// Parsers for the two ClientHello extension bodies the certificate choice needs.
enum ClientHelloExtension {
    /// The host_name entry of a server_name extension body (RFC 6066 §3).
    static func serverName(_ body: [UInt8]) -> String? {
        var reader = ByteReader(body)
        guard var list = reader.lengthPrefixed(2) else { return nil }
        while let type = list.byte(), let name = list.lengthPrefixed(2) {
            if type == 0 { return String(decoding: name.remaining, as: UTF8.self) }
        }
        return nil
    }

    /// The protocol names of an ALPN extension body (RFC 7301 §3.1); also parses the wire list
    /// OpenSSL hands the ALPN select callback when `listPrefixed` is false.
    static func alpnProtocols(_ body: [UInt8], listPrefixed: Bool = true) -> [String] {
        var reader = ByteReader(body)
        if listPrefixed {
            guard let list = reader.lengthPrefixed(2) else { return [] }
            reader = list
        }
        var protocols: [String] = []
        while let name = reader.lengthPrefixed(1) {
            protocols.append(String(decoding: name.remaining, as: UTF8.self))
        }
        return protocols
    }
}
