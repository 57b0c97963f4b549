import Foundation

/// A body's `Content-Encoding`, as far as previews care: decodable here or not.
enum ContentCoding: Equatable {
    /// The codings previews are decoded from.
    enum Codec: String {
        case gzip, deflate, br

        /// The decoded start of `bytes`, at most `limit` bytes; nil when they are not in this coding.
        func decode(_ bytes: [UInt8], limit: Int) -> DecodedPrefix? {
            switch self {
            case .gzip: return Inflater.inflate(bytes, format: .gzip, limit: limit)
            case .deflate: return Inflater.inflate(bytes, format: .deflate, limit: limit)
            case .br: return BrotliDecoder.decode(bytes, limit: limit)
            }
        }
    }

    case identity
    case decodable(Codec)
    /// Named but not decoded (e.g. `zstd`, or several codings stacked).
    case unsupported(String)

    init(header: String?) {
        let name = (header ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch name {
        case "", "identity": self = .identity
        case "x-gzip": self = .decodable(.gzip)
        default: self = Codec(rawValue: name).map(ContentCoding.decodable) ?? .unsupported(name)
        }
    }
}
