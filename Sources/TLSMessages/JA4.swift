// JA4 / JA4S (FoxIO, technical_details/JA4.md and JA4S.md), for TLS over TCP ("t").

extension ClientHello {
    /// The JA4 fingerprint, e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`.
    public var ja4: String {
        let parts = ja4Parts
        return "\(parts.prefix)_\(JA4Format.truncatedHash(parts.ciphers))_\(JA4Format.truncatedHash(parts.extensions))"
    }

    /// JA4_r, the unhashed form (sorted lists), for checking a fingerprint by eye.
    public var ja4Raw: String {
        let parts = ja4Parts
        return "\(parts.prefix)_\(parts.ciphers)_\(parts.extensions)"
    }

    /// `a` (protocol, version, SNI, counts, ALPN), and the inputs of the `b` and `c` hashes.
    private var ja4Parts: (prefix: String, ciphers: String, extensions: String) {
        let ciphers = GREASE.removed(from: cipherSuites)
        let extensionTypes = GREASE.removed(from: extensions.map(\.type))
        let prefix = "t" + JA4Format.version(highestVersion) + (hasExtension(ExtensionType.serverName) ? "d" : "i")
            + JA4Format.count(ciphers.count) + JA4Format.count(extensionTypes.count)
            + JA4Format.alpn(alpnProtocolBytes.first)
        // SNI and ALPN are already in `a`; leaving them out keeps `c` stable across hosts and protocols.
        let hashedExtensions = extensionTypes.filter { $0 != ExtensionType.serverName && $0 != ExtensionType.alpn }
        var extensionInput = JA4Format.hexList(hashedExtensions.sorted())
        let algorithms = GREASE.removed(from: signatureAlgorithms)
        if !algorithms.isEmpty {
            extensionInput += "_" + JA4Format.hexList(algorithms)
        }
        return (prefix, JA4Format.hexList(ciphers.sorted()), extensionInput)
    }
}

extension ServerHello {
    /// The JA4S fingerprint, e.g. `t120400_c030_4e8089b08790`.
    public var ja4s: String {
        // Unlike JA4, JA4S keeps GREASE (FoxIO's reference does); servers do not send it anyway.
        let extensionTypes = extensions.map(\.type)
        return "t" + JA4Format.version(version) + JA4Format.count(extensionTypes.count)
            + JA4Format.alpn(alpnProtocolBytes) + "_" + JA4Format.hexList([cipherSuite])
            + "_" + JA4Format.truncatedHash(JA4Format.hexList(extensionTypes))
    }
}

enum JA4Format {
    private static let versions: [UInt16: String] = [
        0x0304: "13", 0x0303: "12", 0x0302: "11", 0x0301: "10", 0x0300: "s3", 0x0002: "s2",
        0xFEFF: "d1", 0xFEFD: "d2", 0xFEFC: "d3",
    ]

    static func version(_ value: UInt16) -> String {
        versions[value] ?? "00"
    }

    /// Two decimal digits, capped at 99.
    static func count(_ value: Int) -> String {
        let capped = min(value, 99)
        return capped < 10 ? "0\(capped)" : String(capped)
    }

    /// First and last character of the first ALPN value; its hex form's when either is not alphanumeric;
    /// "00" when there is none.
    static func alpn(_ value: [UInt8]?) -> String {
        guard let value, let first = value.first, let last = value.last else { return "00" }
        guard isAlphanumeric(first), isAlphanumeric(last) else {
            let hex = Array(Hex.string(value))
            return String([hex[0], hex[hex.count - 1]])
        }
        return String(decoding: [first, last], as: UTF8.self)
    }

    /// 4-digit lowercase hex values joined by commas.
    static func hexList(_ values: [UInt16]) -> String {
        values.map { Hex.string([UInt8($0 >> 8), UInt8($0 & 0xFF)]) }.joined(separator: ",")
    }

    /// The first 12 hex digits of SHA-256, or twelve zeros for an empty list (as the spec requires).
    static func truncatedHash(_ input: String) -> String {
        input.isEmpty ? "000000000000" : String(SHA256.hexDigest(input).prefix(12))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
