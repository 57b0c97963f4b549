/// One `name:value` test of the display filter, evaluated against a `Record`.
///
/// A term that does not apply to a record's kind is false for it (so `not status:404` is true
/// for a `tls` record). What each term reads:
/// - `host:GLOB` — `http`: the URL's host; `tls`: the CONNECT host or the SNI; `tunnel`, `error`:
///   their `host`. Case-insensitive glob (see `Glob`), the whole host must match.
/// - `path:GLOB` — `http` only: the URL's path without the query; case-sensitive glob.
/// - `method:NAME` — `http` only, case-insensitive, exact.
/// - `status:CODE` / `status:Nxx` — `http` only: the response status, or its class (`4xx`);
///   an exchange without a response never matches.
/// - `type:TEXT` — any record with a `content_type` field: case-insensitive substring
///   (`type:json` matches `application/json; charset=utf-8`).
/// - `tls:1.0|1.1|1.2|1.3` — `tls` records by their `version`, `http` records by their `tls_version`.
public enum FilterTerm: Equatable, Sendable {
    case host(glob: String)
    case path(glob: String)
    case method(String)
    case status(Status)
    case contentType(String)
    case tlsVersion(TLSVersion)

    /// The names before the colon.
    public enum Kind: String, CaseIterable, Sendable {
        case host, path, method, status, type, tls

        /// What the value must look like, for error messages.
        var expectedValue: String {
            switch self {
            case .host: return "a host glob like *.example.com"
            case .path: return "a path glob like /api/*"
            case .method: return "a method like GET"
            case .status: return "a status code like 404 or a class like 4xx"
            case .type: return "part of a content type like json"
            case .tls: return "a TLS version: " + TLSVersion.allCases.map(\.rawValue).joined(separator: ", ")
            }
        }
    }

    /// `status:404` or `status:4xx`.
    public enum Status: Equatable, Sendable {
        case code(Int)
        /// The hundreds digit: 4 for `4xx`.
        case family(Int)

        func contains(_ code: Int) -> Bool {
            switch self {
            case .code(let own): return code == own
            case .family(let hundreds): return code / 100 == hundreds
            }
        }
    }

    /// The versions `tls:` accepts, as users write them.
    public enum TLSVersion: String, CaseIterable, Sendable {
        case v1_0 = "1.0", v1_1 = "1.1", v1_2 = "1.2", v1_3 = "1.3"

        /// How OpenSSL names the version in records (TLS 1.0 is plain "TLSv1").
        var recordName: String { self == .v1_0 ? "TLSv1" : "TLSv" + rawValue }
    }

    /// The term for `kind:value`, or nil when the value does not fit the kind.
    public init?(kind: Kind, value: String) {
        guard !value.isEmpty else { return nil }
        switch kind {
        case .host:
            // `[]` normalises to nothing, which would print as a term that does not parse.
            let glob = HostName.normalise(value)
            guard !glob.isEmpty else { return nil }
            self = .host(glob: glob)
        case .path: self = .path(glob: value)
        case .method:
            guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }) else { return nil }
            self = .method(value.uppercased())
        case .status:
            guard let status = Self.status(value) else { return nil }
            self = .status(status)
        case .type: self = .contentType(value.lowercased())
        case .tls:
            guard let version = TLSVersion(rawValue: value) else { return nil }
            self = .tlsVersion(version)
        }
    }

    private static func status(_ text: String) -> Status? {
        let characters = Array(text.lowercased())
        guard characters.count == 3, let first = characters[0].wholeNumberValue, (1...5).contains(first) else { return nil }
        if characters[1...] == ["x", "x"] { return .family(first) }
        guard let code = Int(text) else { return nil }
        return .code(code)
    }

    public var kind: Kind {
        switch self {
        case .host: return .host
        case .path: return .path
        case .method: return .method
        case .status: return .status
        case .contentType: return .type
        case .tlsVersion: return .tls
        }
    }

    /// The value as the parser would read it back.
    var value: String {
        switch self {
        case .host(let glob): return Self.readBack(host: glob)
        case .path(let glob): return glob
        case .method(let name): return name
        case .status(.code(let code)): return String(code)
        case .status(.family(let hundreds)): return "\(hundreds)xx"
        case .contentType(let text): return text
        case .tlsVersion(let version): return version.rawValue
        }
    }

    /// Parsing normalises a host value once (`HostName.normalise` drops one pair of brackets and
    /// one trailing dot): add them back, so that `host:a..` prints as itself, not as `host:a.`.
    private static func readBack(host glob: String) -> String {
        if glob.hasSuffix(".") { return glob + "." }
        if glob.hasPrefix("["), glob.hasSuffix("]") { return "[" + glob + "]" }
        return glob
    }

    public func matches(_ record: Record) -> Bool {
        switch self {
        case .host(let glob):
            return Self.hosts(of: record).contains { Glob.matches(glob, $0) }
        case .path(let glob):
            return Self.url(of: record).map { Glob.matches(glob, $0.path) } ?? false
        case .method(let name):
            guard record.kind == .http, case .string(let method)? = record["method"] else { return false }
            return method.uppercased() == name
        case .status(let status):
            guard record.kind == .http, case .int(let code)? = record["status"] else { return false }
            return status.contains(code)
        case .contentType(let text):
            guard case .string(let type)? = record["content_type"] else { return false }
            return type.lowercased().contains(text)
        case .tlsVersion(let version):
            return Self.tlsVersion(of: record) == version.recordName
        }
    }

    private static func url(of record: Record) -> URLParts? {
        guard record.kind == .http, case .string(let url)? = record["url"] else { return nil }
        return URLParts(url)
    }

    private static func hosts(of record: Record) -> [String] {
        switch record.kind {
        case .http:
            return url(of: record).map { [$0.host] } ?? []
        case .tls:
            return [record["host"], record["sni"]].compactMap(string).map(HostName.normalise)
        case .tunnel, .error:
            return [record["host"]].compactMap(string).map(HostName.normalise)
        }
    }

    private static func tlsVersion(of record: Record) -> String? {
        switch record.kind {
        case .tls: return string(record["version"])
        case .http: return string(record["tls_version"])
        case .tunnel, .error: return nil
        }
    }

    private static func string(_ value: JSON?) -> String? {
        guard case .string(let text)? = value else { return nil }
        return text
    }
}
