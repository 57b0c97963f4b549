import Capture

/// The fields of an `http` record (see README "Records"), in print order.
enum HTTPRecordFields {
    static func fields(of record: HTTPExchangeRecord) -> [(String, JSON)] {
        let requestHeaders = record.requestHeaders
        let responseHeaders = record.responseHeaders
        var fields: [(String, JSON)] = [
            ("method", .string(record.method)),
            ("url", .string(record.url)),
            ("http_version", .string(record.httpVersion)),
            ("status", record.status.map(JSON.int) ?? .null),
            ("status_text", JSON(record.statusText)),
            ("response_http_version", JSON(record.responseHTTPVersion)),
            ("content_type", JSON(value(of: "content-type", in: responseHeaders))),
            ("request_headers", headers(requestHeaders)),
            ("response_headers", headers(responseHeaders)),
            ("request_body_bytes", .int(record.requestBodyBytes)),
            ("response_body_bytes", .int(record.responseBodyBytes)),
        ]
        if record.requestBodyBytes > 0 {
            fields.append(("request_body", BodyPreviewJSON.json(
                record.requestBody, contentEncoding: value(of: "content-encoding", in: requestHeaders))))
        }
        if record.responseBodyBytes > 0 {
            fields.append(("response_body", BodyPreviewJSON.json(
                record.responseBody, contentEncoding: value(of: "content-encoding", in: responseHeaders))))
        }
        if let timings = record.timings { fields.append(("timings", json(timings))) }
        fields.append(("server_ip", JSON(record.serverIP)))
        let legs = [record.clientTLS, record.upstreamTLS].compactMap { $0 }
        fields.append(("tls", .array(legs.map { .string($0.recordID) })))
        fields.append(("tls_version", JSON(record.clientTLS?.version)))
        if let upgradedTo = record.upgradedTo { fields.append(("upgraded_to", .string(upgradedTo))) }
        if let error = record.error { fields.append(("error", .string(error))) }
        return fields
    }

    /// The fields a one-line summary shows (the console's default level): no headers, bodies or
    /// timing phases.
    static func summary(of record: HTTPExchangeRecord) -> [(String, JSON)] {
        var fields: [(String, JSON)] = [
            ("method", .string(record.method)),
            ("url", .string(record.url)),
            ("status", record.status.map(JSON.int) ?? .null),
            ("response_body_bytes", .int(record.responseBodyBytes)),
        ]
        if let timings = record.timings { fields.append(("timings", .object([("total", milliseconds(timings.total))]))) }
        fields.append(("tls_version", JSON(record.clientTLS?.version)))
        if let error = record.error { fields.append(("error", .string(error))) }
        return fields
    }

    private static func headers(_ fields: [HTTPField]) -> JSON {
        .array(fields.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })
    }

    private static func value(of name: String, in fields: [HTTPField]) -> String? {
        fields.first { $0.name.lowercased() == name }?.value
    }

    private static func json(_ timings: ExchangeTimings) -> JSON {
        .object([
            ("started", .string(timings.started.rfc3339)),
            ("blocked", milliseconds(timings.blocked)),
            ("dns", milliseconds(timings.dns)),
            ("connect", milliseconds(timings.connect)),
            ("ssl", milliseconds(timings.ssl)),
            ("send", milliseconds(timings.send)),
            ("wait", milliseconds(timings.wait)),
            ("receive", milliseconds(timings.receive)),
            ("total", milliseconds(timings.total)),
        ])
    }

    /// Milliseconds to 3 decimals (microseconds), enough for a local proxy and short to print;
    /// "does not apply" stays the integer -1, as in HAR.
    private static func milliseconds(_ value: Double) -> JSON {
        value < 0 ? -1 : .double((value * 1000).rounded() / 1000)
    }
}
