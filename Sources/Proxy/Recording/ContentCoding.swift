/// A body's `Content-Encoding`, as far as previews care: decodable here or not.
enum ContentCoding: Equatable {
    case identity
    case decodable(Inflater.Format)
    /// Named but not decoded (e.g. `br`, or several codings stacked).
    case unsupported(String)

    init(header: String?) {
        let name = (header ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch name {
        case "", "identity": self = .identity
        case "gzip", "x-gzip": self = .decodable(.gzip)
        case "deflate": self = .decodable(.deflate)
        default: self = .unsupported(name)
        }
    }
}
