import CZlib

/// Decodes the start of a gzip or deflate body with the system zlib, for previews: the input may be
/// cut anywhere (a capped preview), the output stops at `limit` bytes.
enum Inflater {
    enum Format {
        /// gzip (RFC 1952).
        case gzip
        /// HTTP's "deflate": zlib-wrapped (RFC 1950) as specified, or raw (RFC 1951) as some servers send.
        case deflate
    }

    /// Nil when the bytes are not in `format`, or too few to yield any output.
    static func inflate(_ input: [UInt8], format: Format, limit: Int) -> DecodedPrefix? {
        switch format {
        // 16 + 15: gzip header, largest window.
        case .gzip: return run(input, windowBits: 16 + 15, limit: limit)
        // 15: zlib header; -15: raw deflate.
        case .deflate: return run(input, windowBits: 15, limit: limit) ?? run(input, windowBits: -15, limit: limit)
        }
    }

    private static func run(_ input: [UInt8], windowBits: Int32, limit: Int) -> DecodedPrefix? {
        var stream = z_stream()
        guard czlib_inflate_init2(&stream, windowBits) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: limit)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return CZlib.inflate(&stream, Z_SYNC_FLUSH)
            }
        }
        let produced = Int(stream.total_out)
        switch status {
        case Z_STREAM_END:
            return DecodedPrefix(bytes: Array(output.prefix(produced)), complete: true)
        case Z_OK, Z_BUF_ERROR:
            // Cut input or full output: what came out so far is a valid prefix, if anything did.
            guard produced > 0 || input.isEmpty else { return nil }
            return DecodedPrefix(bytes: Array(output.prefix(produced)), complete: false)
        default:
            return nil
        }
    }
}
