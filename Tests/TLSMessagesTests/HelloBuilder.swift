/// Builds synthetic handshake messages byte by byte, for cases no fixture covers (GREASE, the JA4 spec's
/// example, hostile lengths).
enum HelloBuilder {
    static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }

    static func vector8(_ bytes: [UInt8]) -> [UInt8] { [UInt8(bytes.count)] + bytes }

    static func vector16(_ bytes: [UInt8]) -> [UInt8] { u16(UInt16(bytes.count)) + bytes }

    static func u16List(_ values: [UInt16]) -> [UInt8] { vector16(values.flatMap(u16)) }

    /// `[type][u24 length][body]`.
    static func handshake(type: UInt8, body: [UInt8]) -> [UInt8] {
        [type, UInt8(body.count >> 16), UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)] + body
    }

    static func extensions(_ entries: [(UInt16, [UInt8])]) -> [UInt8] {
        vector16(entries.flatMap { u16($0.0) + vector16($0.1) })
    }

    static func serverName(_ host: String) -> [UInt8] {
        vector16([0] + vector16(Array(host.utf8)))
    }

    static func alpn(_ protocols: [String]) -> [UInt8] {
        vector16(protocols.flatMap { vector8(Array($0.utf8)) })
    }

    static func clientHello(cipherSuites: [UInt16], extensions entries: [(UInt16, [UInt8])]) -> [UInt8] {
        let body = u16(0x0303) + [UInt8](repeating: 0x11, count: 32) + vector8([]) + u16List(cipherSuites)
            + vector8([0]) + extensions(entries)
        return handshake(type: 1, body: body)
    }

    static func serverHello(cipherSuite: UInt16, extensions entries: [(UInt16, [UInt8])]) -> [UInt8] {
        let body = u16(0x0303) + [UInt8](repeating: 0x22, count: 32) + vector8([]) + u16(cipherSuite) + [0]
            + extensions(entries)
        return handshake(type: 2, body: body)
    }

    /// The ClientHello behind the JA4 spec's example (technical_details/JA4.md): its 15 ciphers, 16
    /// extensions and 8 signature algorithms in wire order, plus GREASE values that must not count.
    static func ja4SpecClientHello() -> [UInt8] {
        let ciphers: [UInt16] = [0x1A1A, 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8,
                                 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035]
        let algorithms: [UInt16] = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
        return clientHello(cipherSuites: ciphers, extensions: [
            (0x0A0A, []),
            (0x001B, [2, 0, 2]),
            (0x0000, serverName("example.com")),
            (0x0033, vector16(u16(0x001D) + vector16([UInt8](repeating: 7, count: 32)))),
            (0x0010, alpn(["h2", "http/1.1"])),
            (0x4469, [0, 3, 2, 0x68, 0x32]),
            (0x0017, []),
            (0x002D, vector8([1])),
            (0x000D, u16List(algorithms)),
            (0x0005, [1, 0, 0, 0, 0]),
            (0x0023, []),
            (0x0012, []),
            (0x002B, vector8([0x2A, 0x2A, 0x03, 0x04, 0x03, 0x03])),
            (0xFF01, [0]),
            (0x000B, vector8([0])),
            (0x000A, u16List([0x3A3A, 0x001D, 0x0017])),
            (0x0015, [0, 0, 0]),
            (0xFAFA, [0]),
        ])
    }
}
