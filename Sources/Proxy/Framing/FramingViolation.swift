import NIOHTTP1

/// A rule of HTTP/1 message framing (RFC 9112) that a request or a response broke. Requests get
/// `requestStatus` and the connection is closed; a response from upstream always gets the client a `502`.
package enum FramingViolation: Error, Equatable, CustomStringConvertible {
    case transferEncodingInHTTP10
    case chunkedNotFinal(String)
    case chunkedRepeated(String)
    case unsupportedTransferCoding(String)
    case missingHost
    case repeatedHost
    case invalidHost(String)
    case requestTargetTooLong(Int)
    case headerSectionTooLarge(Int)
    case tooManyHeaderFields(Int)
    /// What NIO's decoder (llhttp) refused before any head was produced.
    case rejectedByDecoder(HTTPParserError)

    /// The status a client gets for a request that broke this rule.
    var requestStatus: HTTPResponseStatus {
        switch self {
        case .requestTargetTooLong: .uriTooLong
        case .headerSectionTooLarge, .tooManyHeaderFields, .rejectedByDecoder(.headerOverflow): .requestHeaderFieldsTooLarge
        // RFC 9112 §6.1: a transfer coding the server does not understand.
        case .unsupportedTransferCoding: .notImplemented
        case .transferEncodingInHTTP10, .chunkedNotFinal, .chunkedRepeated, .missingHost, .repeatedHost, .invalidHost, .rejectedByDecoder:
            .badRequest
        }
    }

    /// The rule, named for records and for the error page.
    package var description: String {
        switch self {
        case .transferEncodingInHTTP10:
            "Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1)"
        case .chunkedNotFinal(let codings):
            "Transfer-Encoding '\(codings)' does not end with chunked (RFC 9112 §6.3)"
        case .chunkedRepeated(let codings):
            "Transfer-Encoding '\(codings)' applies chunked more than once (RFC 9112 §7)"
        case .unsupportedTransferCoding(let codings):
            "Transfer-Encoding '\(codings)': only chunked is supported (RFC 9112 §6.1)"
        case .missingHost:
            "HTTP/1.1 request without Host (RFC 9112 §3.2)"
        case .repeatedHost:
            "more than one Host field (RFC 9112 §3.2)"
        case .invalidHost(let value):
            "invalid Host '\(value)' (RFC 9112 §3.2)"
        case .requestTargetTooLong(let length):
            "request target of \(length) bytes is over the limit of \(FramingLimits.requestTargetBytes) (RFC 9112 §3)"
        case .headerSectionTooLarge(let size):
            "header section of \(size) bytes is over the limit of \(FramingLimits.headerSectionBytes) (RFC 6585 §5)"
        case .tooManyHeaderFields(let count):
            "\(count) header fields are over the limit of \(FramingLimits.headerFields) (RFC 6585 §5)"
        case .rejectedByDecoder(let error):
            "\(Self.decoderRule(error)) [decoder: \(error)]"
        }
    }

    /// What each llhttp refusal means, as far as NIO's error tells (observed in `FramingEndToEndTests`).
    private static func decoderRule(_ error: HTTPParserError) -> String {
        switch error {
        case .unexpectedContentLength:
            "Content-Length repeated (RFC 9112 §6.3)"
        case .invalidContentLength:
            "invalid Content-Length, or Content-Length after Transfer-Encoding (RFC 9110 §8.6, RFC 9112 §6.1)"
        case .unknown:
            // NIO maps llhttp's invalid Transfer-Encoding and missing CR both to `unknown`.
            "invalid Transfer-Encoding (chunked not final or repeated, or Content-Length before it) or a bare LF (RFC 9112 §6.1, §2.2)"
        case .invalidChunkSize:
            "invalid chunk size (RFC 9112 §7.1)"
        case .invalidHeaderToken:
            "invalid character in a header field, whitespace before the colon, or obs-fold (RFC 9112 §5)"
        case .headerOverflow:
            "header section over the decoder's limit (RFC 6585 §5)"
        case .lfExpected, .invalidConstant, .strictModeAssertion:
            "bare CR or a control character in a line (RFC 9112 §2.2)"
        case .invalidMethod, .invalidURL, .invalidVersion, .invalidStatus:
            "invalid start line (RFC 9112 §3, §4)"
        case .invalidCharactersUsed, .trailingGarbage, .invalidEOFState, .closedConnection, .invalidInternalState,
             .paused, .invalidHost, .invalidPort, .invalidPath, .invalidQueryString, .invalidFragment:
            "malformed message (RFC 9112)"
        }
    }
}
