import COpenSSL

/// An owned OpenSSL memory BIO, used to read PEM text and to collect PEM/DER output.
final class MemoryBIO {
    let pointer: OpaquePointer

    init() {
        guard let bio = BIO_new(BIO_s_mem()) else { fatalError("BIO_new(BIO_s_mem) failed: out of memory") }
        pointer = bio
    }

    /// A read-only BIO over a copy of `bytes`.
    convenience init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        self.init()
        let array = Array(bytes)
        if !array.isEmpty {
            _ = array.withUnsafeBytes { BIO_write(pointer, $0.baseAddress, Int32($0.count)) }
        }
    }

    /// Everything written into the BIO so far.
    var contents: [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let length = tlspeek_BIO_get_mem_data(pointer, &data)
        guard length > 0, let data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    deinit { BIO_free(pointer) }
}
