import CBrotli

/// Decodes the start of a brotli (`br`) body with the system decoder, for previews: the input may
/// be cut anywhere, the output stops at `limit` bytes.
enum BrotliDecoder {
    /// Nil when the bytes are not brotli, or too few to yield any output.
    static func decode(_ input: [UInt8], limit: Int) -> DecodedPrefix? {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else { return nil }
        defer { BrotliDecoderDestroyInstance(state) }
        var output = [UInt8](repeating: 0, count: limit)
        var produced = 0
        let result = input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var availableIn = inBuffer.count
                var nextIn = inBuffer.baseAddress
                var availableOut = outBuffer.count
                var nextOut = outBuffer.baseAddress
                let result = BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                produced = outBuffer.count - availableOut
                return result
            }
        }
        switch result {
        case BROTLI_DECODER_RESULT_SUCCESS:
            return DecodedPrefix(bytes: Array(output.prefix(produced)), complete: true)
        case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT, BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
            guard produced > 0 || input.isEmpty else { return nil }
            return DecodedPrefix(bytes: Array(output.prefix(produced)), complete: false)
        default:
            return nil
        }
    }
}
