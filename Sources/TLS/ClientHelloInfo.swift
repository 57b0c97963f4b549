/// What a server-mode handshake learned from the client's ClientHello before choosing a certificate.
public struct ClientHelloInfo: Sendable, Equatable {
    /// The SNI host name, if the client sent one.
    public let serverName: String?
    /// The ALPN protocols the client offered, in its order.
    public let alpnOffers: [String]
    /// The whole ClientHello handshake message (4-byte header and body).
    public let rawClientHello: [UInt8]

    /// The facts of one ClientHello.
    public init(serverName: String?, alpnOffers: [String], rawClientHello: [UInt8]) {
        self.serverName = serverName
        self.alpnOffers = alpnOffers
        self.rawClientHello = rawClientHello
    }
}

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

/// A bounds-checked cursor over big-endian TLS wire bytes.
struct ByteReader {
    private let bytes: [UInt8]
    private var index: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        index = 0
    }

    var remaining: ArraySlice<UInt8> { bytes[index...] }

    mutating func byte() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    /// Reads a `width`-byte length and returns a reader over exactly that many following bytes.
    mutating func lengthPrefixed(_ width: Int) -> ByteReader? {
        guard bytes.count - index >= width else { return nil }
        let length = bytes[index..<index + width].reduce(0) { $0 << 8 | Int($1) }
        let start = index + width
        guard bytes.count - start >= length else { return nil }
        index = start + length
        return ByteReader(Array(bytes[start..<start + length]))
    }
}
