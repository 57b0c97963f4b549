import COpenSSL
import TLSMessages
import NIOCore

/// One owned OpenSSL `SSL` driven over a `NetworkBIO` that reads and writes this object's ciphertext
/// buffers in place. Confined to its channel's event loop.
///
/// OpenSSL callbacks fire inside the calls made here; what they report is queued in `pendingEvents` and
/// delivered by the handler after each call, so user code never runs inside OpenSSL.
final class SSLConnection {
    /// The outcome of one handshake step.
    enum HandshakeStatus {
        case complete
        /// OpenSSL needs more ciphertext.
        case wantRead
        /// Server mode: the ClientHello arrived and the handshake waits for an identity.
        case wantIdentity(ClientHelloInfo)
        case failed(TLSError)
    }

    /// The outcome of reading plaintext.
    enum ReadStatus {
        /// Everything buffered was decrypted; more ciphertext is needed.
        case wantRead
        /// The peer sent close_notify.
        case closeNotify
        case failed(TLSError)
    }

    /// Server mode: where the asynchronous certificate choice stands.
    private enum IdentityState {
        case pending
        case installed
        case failed(reason: String)
    }

    /// Plaintext is read in record-sized chunks straight into the caller's buffer.
    private static let readChunk = 16 * 1024
    /// Per-record ciphertext expansion, generously: header, explicit IV, MAC or tag, CBC padding.
    private static let maximumRecordOverhead = 128

    let context: TLSContext
    private let ssl: OpaquePointer
    /// Ciphertext from the network that OpenSSL has not consumed yet, in arrival order: the network's own
    /// buffers, read in place by the BIO (a record split across two reads is not copied to join them)...
    private var inbound = CircularBuffer<ByteBuffer>(initialCapacity: 2)
    private var inboundCount = 0
    /// ...and ciphertext OpenSSL wrote that the network has not taken yet.
    private var outbound = ByteBuffer()
    /// Client mode: the name sent as SNI and checked against the certificate.
    private let expectedServerName: String?
    /// Client mode: where this connection's session is cached for resumption (nil: not cached).
    private let sessionKey: TLSSessionKey?
    private var identityState = IdentityState.pending
    private var lastClientHello: [UInt8] = [] {
        didSet { parsedClientHello = nil }
    }
    /// `lastClientHello` decoded, once: the identity request and the ALPN callback both read it.
    private var parsedClientHello: ClientHelloInfo?
    private var lastFatalAlert: (alert: TLSAlert, direction: TLSDirection)?
    private var pendingEvents: [TLSEvent] = []
    /// A received ChangeCipherSpec was reported from its record header (see `recordRecordHeader`).
    private var reconstructedChangeCipherSpec = false

    /// A server-mode connection; its certificate is installed later with `install(_:)`.
    convenience init(serverContext context: TLSContext) throws {
        try self.init(context: context, serverName: nil, sessionKey: nil)
        SSL_set_accept_state(ssl)
    }

    /// A client-mode connection to `serverName` (a host name or IP literal; nil sends no SNI and checks no name).
    /// `alpnOffers`, when given, replaces the context's ALPN offer for this connection. With a `sessionKey`,
    /// a session cached under it is resumed and new sessions are cached under it.
    convenience init(clientContext context: TLSContext, serverName: String?, alpnOffers: [String]?,
                     sessionKey: TLSSessionKey?) throws {
        try self.init(context: context, serverName: serverName, sessionKey: sessionKey)
        SSL_set_connect_state(ssl)
        try configureServerName()
        // Why: a resumed handshake skips the server's certificate decode, chain verification and
        // CertificateVerify check (most of a full client handshake's cost after the key exchange).
        if let sessionKey, let session = context.sessionCache?.session(for: sessionKey),
           SSL_set_session(ssl, session.pointer) != 1 {
            throw OpenSSLError.drain("SSL_set_session")
        }
        if let alpnOffers {
            let wire = try TLSContext.alpnWireFormat(alpnOffers)
            // Unusually, 0 means success here.
            guard SSL_set_alpn_protos(ssl, wire, UInt32(wire.count)) == 0 else {
                throw OpenSSLError.drain("SSL_set_alpn_protos")
            }
        }
    }

    private init(context: TLSContext, serverName: String?, sessionKey: TLSSessionKey?) throws {
        ERR_clear_error()
        guard let ssl = SSL_new(context.pointer) else { throw OpenSSLError.drain("SSL_new") }
        self.context = context
        self.ssl = ssl
        expectedServerName = serverName
        self.sessionKey = sessionKey
        // From here on `deinit` frees the SSL if a later step throws.
        guard let bio = NetworkBIO.make(for: self) else { throw OpenSSLError.drain("BIO_new") }
        // One BIO for both directions: SSL_set_bio takes over its single reference.
        SSL_set_bio(ssl, bio, bio)
        OpenSSLCallbacks.attach(self, to: ssl)
        SSL_set_msg_callback(ssl, OpenSSLCallbacks.message)
    }

    deinit { SSL_free(ssl) }

    private func configureServerName() throws {
        guard let name = expectedServerName else { return }
        let verifies = context.verifiesServerCertificate
        if IPAddress(name) != nil {
            // RFC 6066: SNI carries host names only; an IP literal is checked against IP SANs.
            if verifies, X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name) != 1 {
                throw OpenSSLError.drain("X509_VERIFY_PARAM_set1_ip_asc")
            }
            return
        }
        guard tlspeek_SSL_set_tlsext_host_name(ssl, name) == 1 else {
            throw OpenSSLError.drain("SSL_set_tlsext_host_name")
        }
        if verifies, SSL_set1_host(ssl, name) != 1 {
            throw OpenSSLError.drain("SSL_set1_host")
        }
    }

    // MARK: - Driving OpenSSL

    /// Hands ciphertext from the network to OpenSSL.
    func feed(_ ciphertext: ByteBuffer) {
        guard ciphertext.readableBytes > 0 else { return }
        inbound.append(ciphertext)
        inboundCount += ciphertext.readableBytes
    }

    func doHandshake() -> HandshakeStatus {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            SSL_set_msg_callback(ssl, OpenSSLCallbacks.alertMessage)
            // Only the certificate choice and ALPN selection read it, both during the handshake.
            lastClientHello = []
            return .complete
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantRead
        case SSL_ERROR_WANT_CLIENT_HELLO_CB:
            return .wantIdentity(clientHelloInfo())
        default:
            if case .failed(let reason) = identityState {
                ERR_clear_error()
                return .failed(.serverIdentityUnavailable(reason: reason))
            }
            return .failed(failure())
        }
    }

    /// Decrypts everything OpenSSL can into `plaintext`.
    func read(into plaintext: inout ByteBuffer) -> ReadStatus {
        while true {
            // Why: reserving a whole record's worth of plaintext space when nothing is left to decrypt
            // leaves an idle connection holding an empty 16 KiB buffer. Plaintext never exceeds the
            // ciphertext still buffered plus what OpenSSL already decrypted, so reserve only that.
            let available = inboundCount + Int(SSL_pending(ssl))
            guard available > 0 || SSL_has_pending(ssl) == 1 else { return .wantRead }
            ERR_clear_error()
            var result: Int32 = 0
            plaintext.writeWithUnsafeMutableBytes(minimumWritableBytes: min(Self.readChunk, max(available, 1))) { space in
                var count = 0
                result = SSL_read_ex(ssl, space.baseAddress, space.count, &count)
                return result == 1 ? count : 0
            }
            if result == 1 { continue }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return .wantRead
            case SSL_ERROR_ZERO_RETURN:
                return .closeNotify
            default:
                return .failed(failure())
            }
        }
    }

    /// Encrypts `plaintext`; the records wait in `outbound`.
    func write(_ plaintext: ByteBuffer) -> TLSError? {
        // SSL_write of 0 bytes is an error in OpenSSL.
        guard plaintext.readableBytes > 0 else { return nil }
        // Room for all its records at once, so that appending them never reallocates (and copies).
        let records = (plaintext.readableBytes + Self.readChunk - 1) / Self.readChunk
        outbound.reserveCapacity(minimumWritableBytes: plaintext.readableBytes + records * Self.maximumRecordOverhead)
        return plaintext.withUnsafeReadableBytes { bytes in
            ERR_clear_error()
            var written = 0
            // The BIO never blocks, and without partial-write mode OpenSSL writes all or fails.
            guard SSL_write_ex(ssl, bytes.baseAddress, bytes.count, &written) == 1 else { return failure() }
            return nil
        }
    }

    /// Queues our close_notify in `outbound`.
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        // A second call would wait for the peer's close_notify; nothing else on the queue matters.
        ERR_clear_error()
    }

    /// Takes all ciphertext waiting for the network, or nil when there is none.
    func takeOutput() -> ByteBuffer? {
        guard outbound.readableBytes > 0 else { return nil }
        defer { outbound = ByteBuffer() }
        return outbound
    }

    // MARK: - BIO entry points (called by NetworkBIO inside OpenSSL calls)

    var pendingCiphertextCount: Int { inboundCount }

    var pendingOutputCount: Int { outbound.readableBytes }

    /// Copies up to `space.count` bytes of network ciphertext into OpenSSL's buffer; 0 when there is none.
    func readCiphertext(into space: UnsafeMutableRawBufferPointer) -> Int {
        var copied = 0
        while copied < space.count, !inbound.isEmpty {
            let index = inbound.startIndex
            let count = min(space.count - copied, inbound[index].readableBytes)
            inbound[index].withUnsafeReadableBytes { bytes in
                UnsafeMutableRawBufferPointer(rebasing: space[copied..<copied + count])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(count)))
            }
            inbound[index].moveReaderIndex(forwardBy: count)
            // Let go of each network buffer as soon as it is consumed (an idle connection holds none).
            if inbound[index].readableBytes == 0 { inbound.removeFirst() }
            copied += count
        }
        inboundCount -= copied
        return copied
    }

    /// Appends records OpenSSL wrote for the network.
    func writeCiphertext(_ bytes: UnsafeRawBufferPointer) {
        outbound.writeBytes(bytes)
    }

    /// Takes the events OpenSSL's callbacks reported since the last call, in order.
    func takeEvents() -> [TLSEvent] {
        // Why: handing the array over and starting afresh copies nothing; keeping its capacity would
        // allocate a handshake-sized array that an idle connection then holds for its whole life.
        let events = pendingEvents
        pendingEvents = []
        return events
    }

    // MARK: - Server identity

    /// Installs the certificate chain and key; the handshake continues on the next `doHandshake()`.
    func install(_ identity: ServerIdentity) throws {
        ERR_clear_error()
        guard let leaf = identity.certificateChain.first else {
            throw OpenSSLError(operation: "install identity", reasons: ["empty certificate chain"])
        }
        guard SSL_use_certificate(ssl, leaf.pointer) == 1 else { throw OpenSSLError.drain("SSL_use_certificate") }
        guard SSL_use_PrivateKey(ssl, identity.privateKey.pointer) == 1 else {
            throw OpenSSLError.drain("SSL_use_PrivateKey")
        }
        for certificate in identity.certificateChain.dropFirst()
        where tlspeek_SSL_add1_chain_cert(ssl, certificate.pointer) != 1 {
            throw OpenSSLError.drain("SSL_add1_chain_cert")
        }
        identityState = .installed
    }

    /// Makes the next `doHandshake()` abort with an `internal_error` alert.
    func failIdentity(reason: String) {
        identityState = .failed(reason: reason)
    }

    // MARK: - Callback entry points (called by OpenSSLCallbacks)

    func recordKeyLogLine(_ line: String) {
        pendingEvents.append(.keyLog(line))
    }

    /// OpenSSL 3.0 reports no message for a received ChangeCipherSpec (TLS 1.2, or TLS 1.3 compatibility
    /// mode), only its record header: the message is reconstructed from that (its body is always 0x01).
    func recordRecordHeader(_ header: [UInt8], direction: TLSDirection) {
        guard direction == .received, header.first == TLSContentType.changeCipherSpec.rawValue else { return }
        recordMessage(.changeCipherSpec, direction: .received, bytes: [1])
        reconstructedChangeCipherSpec = true
    }

    func recordMessage(_ type: TLSContentType, direction: TLSDirection, bytes: [UInt8]) {
        if type == .changeCipherSpec, direction == .received, reconstructedChangeCipherSpec {
            // An OpenSSL that does report it: the record header already produced this message.
            reconstructedChangeCipherSpec = false
            return
        }
        switch type {
        case .handshake where direction == .received && bytes.first == HandshakeType.clientHello.rawValue:
            lastClientHello = bytes
        case .alert where bytes.count >= 2 && !TLSAlert(code: bytes[1]).isClosure:
            lastFatalAlert = (TLSAlert(code: bytes[1]), direction)
        default:
            break
        }
        pendingEvents.append(.message(TLSMessage(contentType: type, direction: direction, bytes: bytes,
                                                 timestamp: .now())))
    }

    /// A new resumable session (TLS 1.2: at the handshake's end; TLS 1.3: each ticket after it). Returns
    /// whether it was kept, in which case the cache owns the reference OpenSSL handed over.
    func sessionArrived(_ session: OpaquePointer) -> Bool {
        guard let sessionKey, let cache = context.sessionCache, SSL_SESSION_is_resumable(session) == 1 else { return false }
        // Why: a resumed session reports its original verification result without checking again, so a
        // session whose certificate (or name) failed verification must never be resumed.
        if context.verifiesServerCertificate {
            guard SSL_get0_peer_certificate(ssl) != nil, SSL_get_verify_result(ssl) == X509_V_OK else { return false }
        }
        cache.store(TLSSessionCache.Session(taking: session), for: sessionKey)
        return true
    }

    func clientHelloCallback(alert: UnsafeMutablePointer<Int32>?) -> Int32 {
        switch identityState {
        case .pending:
            // Pause: SSL_do_handshake returns SSL_ERROR_WANT_CLIENT_HELLO_CB until the identity is installed.
            return tlspeek_SSL_CLIENT_HELLO_RETRY
        case .installed:
            return tlspeek_SSL_CLIENT_HELLO_SUCCESS
        case .failed:
            alert?.pointee = SSL_AD_INTERNAL_ERROR
            return tlspeek_SSL_CLIENT_HELLO_ERROR
        }
    }

    // MARK: - Reading the session

    /// What the paused handshake's ClientHello asked for, decoded by `TLSMessages`.
    func clientHelloInfo() -> ClientHelloInfo {
        if let parsedClientHello { return parsedClientHello }
        let hello: ClientHello?
        if case .clientHello(let parsed)? = try? HandshakeMessage.parse(bytes: lastClientHello, negotiatedVersion: nil) {
            hello = parsed
        } else {
            hello = nil
        }
        let info = ClientHelloInfo(serverName: hello?.serverName, alpnOffers: hello?.alpnProtocols ?? [],
                                   rawClientHello: lastClientHello)
        parsedClientHello = info
        return info
    }

    /// The negotiated parameters; call once the handshake is complete.
    func summary() -> TLSSessionSummary {
        TLSSessionSummary(version: String(cString: SSL_get_version(ssl)),
                          cipher: SSL_get_current_cipher(ssl).flatMap(SSL_CIPHER_standard_name).map { String(cString: $0) } ?? "",
                          group: negotiatedGroup(),
                          alpn: negotiatedALPN(),
                          sessionReused: SSL_session_reused(ssl) == 1,
                          serverName: context.isServer ? receivedServerName() : expectedServerName.flatMap { IPAddress($0) == nil ? $0 : nil },
                          peerCertificates: peerCertificates(),
                          verification: context.isServer ? nil : verificationResult())
    }

    private func receivedServerName() -> String? {
        SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name).map { String(cString: $0) }
    }

    private func negotiatedALPN() -> String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    private func negotiatedGroup() -> String? {
        let nid = tlspeek_SSL_get_negotiated_group(ssl)
        if nid > 0, let name = SSL_group_to_name(ssl, nid) { return String(cString: name) }
        // TLS 1.2 (EC)DHE: name the ephemeral key's group instead.
        var key: OpaquePointer?
        let found = context.isServer ? tlspeek_SSL_get_tmp_key(ssl, &key) : tlspeek_SSL_get_peer_tmp_key(ssl, &key)
        guard found == 1, let key else { return nil }
        defer { EVP_PKEY_free(key) }
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        if EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, &name, name.count, &length) == 1 {
            return String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return EVP_PKEY_get0_type_name(key).map { String(cString: $0) }
    }

    private func peerCertificates() -> [Certificate] {
        guard let chain = SSL_get_peer_cert_chain(ssl) else { return [] }
        return (0..<tlspeek_sk_X509_num(chain)).compactMap { index in
            tlspeek_sk_X509_value(chain, index).map { Certificate(retaining: $0) }
        }
    }

    private func verificationResult() -> VerificationResult {
        guard context.verifiesServerCertificate else { return .skipped }
        guard SSL_get0_peer_certificate(ssl) != nil else { return .failed(reason: "no peer certificate") }
        let code = SSL_get_verify_result(ssl)
        guard code != X509_V_OK else { return .ok }
        return .failed(reason: String(cString: X509_verify_cert_error_string(code)))
    }

    /// Turns OpenSSL's error queue and the last alert seen on the wire into a `TLSError`.
    private func failure() -> TLSError {
        let reasons = OpenSSLError.drainQueue()
        if let (alert, direction) = lastFatalAlert {
            return .alert(alert, direction: direction, reasons: reasons)
        }
        return .protocolFailure(reasons: reasons)
    }
}
