/// Size limits on request heads, below NIO's own (80 KiB per header section), so that a client
/// learns which one it hit (`414` / `431`) instead of a generic `400`.
enum FramingLimits {
    /// A longer request target gets `414 URI Too Long`.
    static let requestTargetBytes = 8 * 1024
    /// A larger header section (field lines with their CRLF) gets `431`.
    static let headerSectionBytes = 64 * 1024
    /// More header fields get `431`.
    static let headerFields = 100
}
