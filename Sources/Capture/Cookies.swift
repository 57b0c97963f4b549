import Foundation

/// Cookies as HAR lists them: from a request's `Cookie` header and a response's `Set-Cookie` headers.
enum Cookies {
    /// `a=1; b=2` → `[{name: a, value: 1}, {name: b, value: 2}]`.
    static func fromCookieHeader(_ header: String) -> [JSON] {
        header.split(separator: ";").compactMap { pair in
            let (name, value) = split(pair)
            return name.isEmpty ? nil : .object([("name", .string(name)), ("value", .string(value))])
        }
    }

    /// `id=7; Path=/; Expires=…; HttpOnly; Secure` → one HAR cookie with the attributes it names.
    static func fromSetCookie(_ header: String) -> JSON? {
        let parts = header.split(separator: ";")
        guard let first = parts.first else { return nil }
        let (name, value) = split(first)
        guard !name.isEmpty else { return nil }
        var members: [(String, JSON)] = [("name", .string(name)), ("value", .string(value))]
        for attribute in parts.dropFirst() {
            let (key, value) = split(attribute)
            switch key.lowercased() {
            case "path": members.append(("path", .string(value)))
            case "domain": members.append(("domain", .string(value)))
            case "expires":
                if let date = expiresFormat.date(from: value) {
                    members.append(("expires", .string(Timestamp(secondsSince1970: date.timeIntervalSince1970).rfc3339)))
                }
            case "httponly": members.append(("httpOnly", true))
            case "secure": members.append(("secure", true))
            default: break
            }
        }
        return .object(members)
    }

    /// `name=value` trimmed; a part without `=` is a name with an empty value.
    private static func split(_ pair: Substring) -> (String, String) {
        guard let equals = pair.firstIndex(of: "=") else { return (pair.trimmingCharacters(in: .whitespaces), "") }
        return (pair[..<equals].trimmingCharacters(in: .whitespaces),
                pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }

    /// RFC 1123 dates as Set-Cookie's Expires uses them: `Wed, 21 Oct 2015 07:28:00 GMT`.
    private static let expiresFormat: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter
    }()
}
