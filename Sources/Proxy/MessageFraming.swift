import NIOHTTP1

/// How each relayed message is delimited on the next leg, decided here because both legs' NIO
/// codecs only see one side: the client encoder does not know the request was `HEAD`, and the
/// hop-by-hop cleanup removed `Transfer-Encoding`.
enum MessageFraming {
    /// Re-adds chunked framing to a request whose body was chunked (`Content-Length` is kept as is).
    static func frameRequest(_ head: inout HTTPRequestHead, bodyWasChunked: Bool) {
        if bodyWasChunked, !head.headers.contains(name: "content-length") {
            head.headers.replaceOrAdd(name: "transfer-encoding", value: "chunked")
        }
    }

    /// Frames a (hop-by-hop-free) response for a client speaking `clientVersion`; returns true when
    /// the only possible framing is closing the connection (HTTP/1.0 client, unknown length).
    static func frameResponse(_ head: inout HTTPResponseHead, requestMethod: HTTPMethod,
                              clientVersion: HTTPVersion) -> Bool {
        head.version = .http1_1
        let status = head.status.code
        if (100..<200).contains(status) || status == 204 {
            head.headers.remove(name: "content-length")
            return false
        }
        // HEAD and 304 keep Content-Length: it describes the representation, not this message.
        if requestMethod == .HEAD || status == 304 || head.headers.contains(name: "content-length") { return false }
        if clientVersion.major == 1 && clientVersion.minor >= 1 {
            head.headers.add(name: "transfer-encoding", value: "chunked")
            return false
        }
        return true
    }
}
