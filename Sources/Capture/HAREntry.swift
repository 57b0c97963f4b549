/// One `http` record as a HAR 1.2 entry (`log.entries[]`). Fields HAR has no place for go into
/// `_`-prefixed custom fields (`_tls`, `_error`, `_truncated`, `_encoding`).
struct HAREntry {
    let record: Record

    /// Nil for records that are not `http`.
    init?(_ record: Record) {
        guard record.kind == .http else { return nil }
        self.record = record
    }

    var json: JSON {
        let timings = record["timings"]
        var members: [(String, JSON)] = [
            ("startedDateTime", timings?["started"] ?? .string(record.time.rfc3339)),
            ("time", number(timings?["total"], otherwise: 0)),
            ("request", request),
            ("response", response),
            ("cache", .object([])),
            ("timings", harTimings(timings)),
        ]
        if case .string(let address)? = record["server_ip"] { members.append(("serverIPAddress", .string(address))) }
        members.append(("connection", .string(String(record.connection))))
        if case .array(let legs)? = record["tls"], !legs.isEmpty {
            members.append(("_tls", .object([("records", .array(legs)), ("version", record["tls_version"] ?? .null)])))
        }
        if let error = record["error"] { members.append(("_error", error)) }
        return .object(members)
    }

    private var request: JSON {
        let headers = headerList("request_headers")
        let url = string(record["url"])
        var members: [(String, JSON)] = [
            ("method", .string(string(record["method"]))),
            ("url", .string(url)),
            ("httpVersion", .string(string(record["http_version"]))),
            ("cookies", .array(values(of: "cookie", in: headers).flatMap(Cookies.fromCookieHeader))),
            ("headers", .array(headers.map(\.json))),
            ("queryString", .array(QueryString.parameters(of: url))),
        ]
        if let body = record["request_body"] {
            var postData: [(String, JSON)] = [("mimeType", .string(values(of: "content-type", in: headers).first ?? ""))]
            postData += content(body)
            members.append(("postData", .object(postData)))
        }
        members += [("headersSize", -1), ("bodySize", number(record["request_body_bytes"], otherwise: 0))]
        return .object(members)
    }

    private var response: JSON {
        let headers = headerList("response_headers")
        let bodySize = number(record["response_body_bytes"], otherwise: 0)
        let decoded = record["response_body"]?["decoded"]
        var content: [(String, JSON)]
        // A decoded preview that is not truncated is the whole body: its size and the saving are known.
        if let decoded, decoded["truncated"] == false, case .int(let size)? = decoded["size"], case .int(let sent) = bodySize {
            content = [("size", .int(size)), ("compression", .int(size - sent))]
        } else {
            content = [("size", bodySize)]
        }
        content.append(("mimeType", .string(string(record["content_type"]))))
        if let body = record["response_body"] {
            // HAR's content.text is the decoded body: the decoded preview when there is one.
            content += self.content(decoded ?? body)
        }
        return .object([
            // 0: no response arrived (the exchange failed before one did).
            ("status", number(record["status"], otherwise: 0)),
            ("statusText", .string(string(record["status_text"]))),
            ("httpVersion", .string(string(record["response_http_version"] ?? record["http_version"]))),
            ("cookies", .array(values(of: "set-cookie", in: headers).compactMap(Cookies.fromSetCookie))),
            ("headers", .array(headers.map(\.json))),
            ("content", .object(content)),
            ("redirectURL", .string(values(of: "location", in: headers).first ?? "")),
            ("headersSize", -1),
            ("bodySize", number(record["response_body_bytes"], otherwise: 0)),
        ])
    }

    /// A record's body preview as HAR `text` (+ `encoding`); postData has no `encoding`, so both
    /// also carry `_encoding`, and `_truncated` says the text is only the start of the body.
    private func content(_ preview: JSON) -> [(String, JSON)] {
        var members: [(String, JSON)] = [("text", preview["text"] ?? "")]
        if let encoding = preview["encoding"] { members += [("encoding", encoding), ("_encoding", encoding)] }
        members.append(("_truncated", preview["truncated"] ?? false))
        return members
    }

    private func harTimings(_ timings: JSON?) -> JSON {
        // send, wait and receive are required and never -1.
        .object([
            ("blocked", number(timings?["blocked"], otherwise: -1)),
            ("dns", number(timings?["dns"], otherwise: -1)),
            ("connect", number(timings?["connect"], otherwise: -1)),
            ("ssl", number(timings?["ssl"], otherwise: -1)),
            ("send", number(timings?["send"], otherwise: 0)),
            ("wait", number(timings?["wait"], otherwise: 0)),
            ("receive", number(timings?["receive"], otherwise: 0)),
        ])
    }

    private struct Header {
        let name: String
        let value: String
        var json: JSON { .object([("name", .string(name)), ("value", .string(value))]) }
    }

    private func headerList(_ field: String) -> [Header] {
        guard case .array(let fields)? = record[field] else { return [] }
        return fields.map { Header(name: string($0["name"]), value: string($0["value"])) }
    }

    private func values(of name: String, in headers: [Header]) -> [String] {
        headers.filter { $0.name.lowercased() == name }.map(\.value)
    }

    private func string(_ value: JSON?) -> String {
        if case .string(let text)? = value { return text }
        return ""
    }

    private func number(_ value: JSON?, otherwise fallback: JSON) -> JSON {
        switch value {
        case .int?, .double?: return value ?? fallback
        default: return fallback
        }
    }
}
