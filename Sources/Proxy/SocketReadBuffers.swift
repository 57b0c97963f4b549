import NIOCore

/// How big the buffer of each socket read starts on the proxy's connections.
enum SocketReadBuffers {
    /// Why: NIO keeps each channel's last read buffer for reuse, at the largest size its reads grew
    /// to, for the connection's whole life. NIO's default starts at 2 KiB; at 512 B an idle
    /// intercepted connection (TLS handshakes and small requests only) holds ~1 KiB per socket instead
    /// of 2 KiB, and a bulk transfer still doubles to 64 KiB within a few reads.
    static let allocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 64 * 1024)
}
