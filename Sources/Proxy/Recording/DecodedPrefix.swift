/// The decoded start of a content-encoded body preview.
struct DecodedPrefix: Equatable {
    var bytes: [UInt8]
    /// Whether the encoded stream ended within the input and the output fit: the whole body.
    var complete: Bool
}
