import TLS

/// The normalised, bounded set of names a leaf certificate is minted for; also the cache key.
///
/// Normalisation: IP literals (`127.0.0.1`, `::1`, `[::1]`) become IP entries; DNS names are
/// lower-cased and lose one trailing dot; duplicates are dropped; at most `limit` names are kept
/// (the first ones given). The first name stays first (it becomes the subject CN); the others are
/// sorted, so the same set in another order is the same key and the same certificate.
public struct LeafNames: Hashable, Sendable, CustomStringConvertible {
    public static let defaultLimit = 100

    /// The certificate's subject alternative names; `names[0]` is the primary name.
    public let names: [SubjectAlternativeName]

    public init(_ texts: [String], limit: Int = LeafNames.defaultLimit) throws {
        try self.init(texts.map(Self.parse), limit: limit)
    }

    public init(_ names: [SubjectAlternativeName], limit: Int = LeafNames.defaultLimit) throws {
        var seen: Set<SubjectAlternativeName> = []
        var unique: [SubjectAlternativeName] = []
        for name in names {
            let normalised = try Self.normalise(name)
            if seen.insert(normalised).inserted { unique.append(normalised) }
            if unique.count == max(limit, 1) { break }
        }
        guard let primary = unique.first else { throw LeafError.noNames }
        self.names = [primary] + unique.dropFirst().sorted { $0.description < $1.description }
    }

    /// The subject common name: the primary name, cut to the 64-character limit of RFC 5280.
    public var commonName: String {
        String(Self.text(names[0]).prefix(64))
    }

    public var description: String { names.map(Self.text).joined(separator: ",") }

    // MARK: - Normalisation

    static func parse(_ text: String) throws -> SubjectAlternativeName {
        if let address = IPAddress(text) { return .ip(address) }
        return .dns(text)
    }

    private static func normalise(_ name: SubjectAlternativeName) throws -> SubjectAlternativeName {
        guard case .dns(let text) = name else { return name }
        if let address = IPAddress(text) { return .ip(address) }
        var host = Array(text.utf8)
        if host.last == UInt8(ascii: ".") {
            host.removeLast()
            if let address = IPAddress(String(decoding: host, as: UTF8.self)) { return .ip(address) }
        }
        guard !host.isEmpty else { throw LeafError.invalidName(text, reason: "empty") }
        guard host.count <= 253 else { throw LeafError.invalidName(text, reason: "longer than 253 characters") }
        for (index, byte) in host.enumerated() {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): host[index] = byte + 32
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                continue
            default:
                throw LeafError.invalidName(text, reason: "only ASCII letters, digits, '-', '_', '.' and '*' are allowed "
                                                 + "(international names must be in punycode)")
            }
        }
        return .dns(String(decoding: host, as: UTF8.self))
    }

    private static func text(_ name: SubjectAlternativeName) -> String {
        switch name {
        case .dns(let host): return host
        case .ip(let address): return address.description
        }
    }
}
