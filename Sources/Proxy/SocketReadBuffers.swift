import NIOCore

/// How big the buffer of each socket read starts on the proxy's connections.
enum SocketReadBuffers {
    /// Why: NIO keeps each channel's last read buffer for reuse, at the largest size its reads grew
    /// to, for the connection's whole life. NIO's default starts at 2 KiB; starting at 256 B, an idle
    /// intercepted connection (TLS handshakes and small requests) holds 0.5-1 KiB per socket instead
    /// (measured: 4.1 -> 1.75 KiB per connection), and a bulk transfer still doubles its way to
    /// 64 KiB reads within a few reads.
    static let allocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 64 * 1024)
}
