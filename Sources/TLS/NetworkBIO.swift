import COpenSSL

/// A BIO that hands OpenSSL ciphertext straight out of, and into, the owning `SSLConnection`'s
/// `ByteBuffer`s. Why: a pair of memory BIOs copied every byte in and out once more than needed,
/// zero-filled what they grew and never shrank (an idle connection kept its largest burst).
/// Its data pointer is the unretained `SSLConnection`, which owns the `SSL` that owns the BIO.
enum NetworkBIO {
    /// The method table, created once; OpenSSL only reads it.
    nonisolated(unsafe) static let method: OpaquePointer = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "tlspeek network"),
              BIO_meth_set_read_ex(method, read) == 1,
              BIO_meth_set_write_ex(method, write) == 1,
              BIO_meth_set_ctrl(method, control) == 1 else {
            fatalError("BIO_meth_new failed: out of memory")
        }
        return method
    }()

    /// A new BIO routed to `connection` (unretained).
    static func make(for connection: SSLConnection) -> OpaquePointer? {
        guard let bio = BIO_new(method) else { return nil }
        BIO_set_data(bio, Unmanaged.passUnretained(connection).toOpaque())
        BIO_set_init(bio, 1)
        return bio
    }

    private static func connection(of bio: OpaquePointer?) -> SSLConnection? {
        guard let bio, let raw = BIO_get_data(bio) else { return nil }
        return Unmanaged<SSLConnection>.fromOpaque(raw).takeUnretainedValue()
    }

    private static let read: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int,
                                             UnsafeMutablePointer<Int>?) -> Int32 = { bio, out, length, count in
        tlspeek_BIO_clear_retry_flags(bio)
        guard let out, let count, let connection = connection(of: bio) else { return 0 }
        count.pointee = connection.readCiphertext(into: UnsafeMutableRawBufferPointer(start: out, count: length))
        guard count.pointee > 0 else {
            // Like an empty memory BIO: "try again later", never EOF (TLSHandler notices TCP closure).
            tlspeek_BIO_set_retry_read(bio)
            return 0
        }
        return 1
    }

    private static let write: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int,
                                              UnsafeMutablePointer<Int>?) -> Int32 = { bio, data, length, count in
        tlspeek_BIO_clear_retry_flags(bio)
        guard let data, let count, let connection = connection(of: bio) else { return 0 }
        connection.writeCiphertext(UnsafeRawBufferPointer(start: data, count: length))
        count.pointee = length
        return 1
    }

    private static let control: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int = { bio, command, _, _ in
        switch command {
        case BIO_CTRL_FLUSH:
            return 1 // nothing is buffered below OpenSSL
        case BIO_CTRL_PENDING:
            return connection(of: bio)?.pendingCiphertextCount ?? 0
        case BIO_CTRL_WPENDING:
            return connection(of: bio)?.pendingOutputCount ?? 0
        default:
            return 0
        }
    }
}
