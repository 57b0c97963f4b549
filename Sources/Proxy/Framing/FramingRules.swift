import NIOHTTP1

/// The framing checks of RFC 9112 that NIO's decoder does not make itself (pure, no I/O).
package enum FramingRules {
    /// The first rule a client's request head breaks, checked before anything of it is forwarded.
    /// An absolute-form target's authority becomes the Host (`AbsoluteFormHost`), so it must pass
    /// the same rules.
    package static func violation(admitting head: inout HTTPRequestHead) -> FramingViolation? {
        if let violation = violation(in: head) { return violation }
        return AbsoluteFormHost.apply(to: &head) ? violation(in: head) : nil
    }

    /// The first rule `head` breaks as it stands.
    static func violation(in head: HTTPRequestHead) -> FramingViolation? {
        if head.uri.utf8.count > FramingLimits.requestTargetBytes { return .requestTargetTooLong(head.uri.utf8.count) }
        if head.headers.count > FramingLimits.headerFields { return .tooManyHeaderFields(head.headers.count) }
        let size = head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        if size > FramingLimits.headerSectionBytes { return .headerSectionTooLarge(size) }
        return bodyViolation(in: head.headers, version: head.version)
            ?? (head.method == .CONNECT ? nil : hostViolation(in: head))
    }

    /// The first rule a response head from upstream breaks.
    static func violation(in head: HTTPResponseHead) -> FramingViolation? {
        bodyViolation(in: head.headers, version: head.version)
    }

    /// Transfer-Encoding (RFC 9112 §6.1, §6.3): a chunked body, or none. NIO's decoder already
    /// refuses every broken or repeated Content-Length and Content-Length with Transfer-Encoding.
    private static func bodyViolation(in headers: HTTPHeaders, version: HTTPVersion) -> FramingViolation? {
        guard headers.contains(name: "transfer-encoding") else { return nil }
        if version.major == 1 && version.minor == 0 { return .transferEncodingInHTTP10 }
        let codings = headers[canonicalForm: "transfer-encoding"].map { $0.lowercased() }
        let text = headers["transfer-encoding"].joined(separator: ", ")
        if codings.last != "chunked" { return .chunkedNotFinal(text) }
        if codings.count(where: { $0 == "chunked" }) > 1 { return .chunkedRepeated(text) }
        // The relay re-frames each leg and would drop any other coding.
        if codings.count > 1 { return .unsupportedTransferCoding(text) }
        return nil
    }

    /// Exactly one Host on HTTP/1.1 requests, and a plausible authority in it (RFC 9112 §3.2).
    private static func hostViolation(in head: HTTPRequestHead) -> FramingViolation? {
        let hosts = head.headers["host"]
        if hosts.count > 1 { return .repeatedHost }
        guard let host = hosts.first else {
            return head.version.major == 1 && head.version.minor == 0 ? nil : .missingHost
        }
        let allowed = host.utf8.allSatisfy { $0 > 0x20 && $0 < 0x80 && !hostDelimiters.contains($0) }
        return allowed ? nil : .invalidHost(host)
    }

    /// Bytes that cannot be part of an authority's host and port.
    private static let hostDelimiters = Array("/?#@,\\\"".utf8)
}
