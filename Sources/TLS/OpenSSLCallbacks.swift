import COpenSSL

/// C callbacks cannot capture, so each one finds its Swift owner through ex_data or its `arg` pointer.
/// The `SSL`'s ex_data slot holds an unretained `SSLConnection`, which owns (and outlives) the `SSL`.
enum OpenSSLCallbacks {
    /// The SSL ex_data slot that points back at the owning `SSLConnection`.
    static let connectionIndex: Int32 = CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL, 0, nil, nil, nil, nil)

    static func attach(_ connection: SSLConnection, to ssl: OpaquePointer) {
        SSL_set_ex_data(ssl, connectionIndex, Unmanaged.passUnretained(connection).toOpaque())
    }

    static func connection(of ssl: OpaquePointer?) -> SSLConnection? {
        guard let ssl, let raw = SSL_get_ex_data(ssl, connectionIndex) else { return nil }
        return Unmanaged<SSLConnection>.fromOpaque(raw).takeUnretainedValue()
    }

    /// `SSL_CTX_set_keylog_callback`: per context, routed to the connection of the `SSL`.
    static let keyLog: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Void = { ssl, line in
        guard let line else { return }
        connection(of: ssl)?.recordKeyLogLine(String(cString: line))
    }

    typealias MessageCallback = @convention(c) (Int32, Int32, Int32, UnsafeRawPointer?, Int, OpaquePointer?,
                                                UnsafeMutableRawPointer?) -> Void

    /// `SSL_set_msg_callback` during the handshake: every record-layer message, in wire order.
    static let message: MessageCallback = { writing, _, contentType, buffer, length, ssl, _ in
        guard let connection = connection(of: ssl) else { return }
        let bytes = buffer.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? []
        let direction: TLSDirection = writing != 0 ? .sent : .received
        if contentType == SSL3_RT_HEADER {
            connection.recordRecordHeader(bytes, direction: direction)
        } else if let type = UInt8(exactly: contentType).flatMap(TLSContentType.init(rawValue:)) {
            connection.recordMessage(type, direction: direction, bytes: bytes)
        } // pseudo type 257 (inner content type) is not a message
    }

    /// `SSL_set_msg_callback` after the handshake: alerts only (close_notify, and the fatal alert a failure
    /// names). Why: every record reports its header and inner content type too, and copying those into
    /// arrays per application-data record was pure overhead once the transcript is recorded.
    static let alertMessage: MessageCallback = { writing, _, contentType, buffer, length, ssl, _ in
        guard contentType == SSL3_RT_ALERT, let connection = connection(of: ssl) else { return }
        let bytes = buffer.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? []
        connection.recordMessage(.alert, direction: writing != 0 ? .sent : .received, bytes: bytes)
    }

    /// `SSL_CTX_sess_set_new_cb`: returning 1 keeps the session reference OpenSSL passes (the cache owns it).
    static let newSession: @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32 = { ssl, session in
        guard let session, let connection = connection(of: ssl) else { return 0 }
        return connection.sessionArrived(session) ? 1 : 0
    }

    /// `SSL_CTX_set_client_hello_cb`: lets the connection pause the handshake until it has an identity.
    static let clientHello: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?,
                                            UnsafeMutableRawPointer?) -> Int32 = { ssl, alert, _ in
        guard let connection = connection(of: ssl) else { return tlspeek_SSL_CLIENT_HELLO_ERROR }
        return connection.clientHelloCallback(alert: alert)
    }

    /// `SSL_CTX_set_alpn_select_cb`: `arg` is the unretained `TLSContext` owning the `SSL_CTX`.
    static let alpnSelect: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
                                           UnsafeMutablePointer<UInt8>?, UnsafePointer<UInt8>?, UInt32,
                                           UnsafeMutableRawPointer?) -> Int32 = { ssl, out, outLength, offer, offerLength, arg in
        guard let arg, let out, let outLength, let offer,
              let selector = Unmanaged<TLSContext>.fromOpaque(arg).takeUnretainedValue().alpnSelector else {
            return SSL_TLSEXT_ERR_NOACK
        }
        let wire = Array(UnsafeBufferPointer(start: offer, count: Int(offerLength)))
        // The same list, already decoded from the ClientHello the handshake paused on.
        guard let offers = connection(of: ssl)?.clientHelloInfo().alpnOffers else { return SSL_TLSEXT_ERR_NOACK }
        guard let choice = selector(offers), let index = offers.firstIndex(of: choice) else { return SSL_TLSEXT_ERR_NOACK }
        // `out` must point into memory that outlives the callback: the choice's bytes inside `offer`.
        let start = offers[..<index].reduce(1) { $0 + 1 + $1.utf8.count }
        let length = choice.utf8.count
        // Names that were not valid UTF-8 would shift offsets: only answer with bytes that match.
        guard start + length <= wire.count, wire[start..<start + length].elementsEqual(choice.utf8) else {
            return SSL_TLSEXT_ERR_NOACK
        }
        out.pointee = offer + start
        outLength.pointee = UInt8(length)
        return SSL_TLSEXT_ERR_OK
    }
}
