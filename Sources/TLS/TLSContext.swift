import COpenSSL

/// An owned OpenSSL `SSL_CTX` built from a `TLSConfiguration`; immutable after `init`, so shareable
/// across event loops. Each connection's `SSL` is created from it and keeps it alive.
public final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer
    /// What the context was built from.
    public let configuration: TLSConfiguration
    /// Client mode: sessions to resume, shared by all connections made with a `TLSSessionKey`.
    let sessionCache: TLSSessionCache?
    /// How many client sessions (one per host, port and SNI) are kept for resumption.
    private static let sessionCacheCapacity = 512

    /// Builds the `SSL_CTX`; throws OpenSSL's reasons (e.g. an unreadable anchors file).
    public init(configuration: TLSConfiguration) throws {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_method()) else { throw OpenSSLError.drain("SSL_CTX_new") }
        pointer = context
        self.configuration = configuration
        if case .client = configuration.role {
            sessionCache = TLSSessionCache(capacity: Self.sessionCacheCapacity)
        } else {
            sessionCache = nil
        }
        // From here on `deinit` frees the context if a later step throws.
        try configureCommon()
        switch configuration.role {
        case .server(let alpnSelector):
            configureServer(alpnSelector: alpnSelector)
        case .client(let verification, let alpnOffers):
            try configureClient(verification: verification, alpnOffers: alpnOffers)
        }
    }

    deinit { SSL_CTX_free(pointer) }

    /// Whether connections from this context play the server side.
    var isServer: Bool {
        if case .server = configuration.role { return true }
        return false
    }

    /// Whether client connections check the server's certificate (and so report `.ok`/`.failed`).
    var verifiesServerCertificate: Bool {
        if case .client(.verify, _) = configuration.role { return true }
        return false
    }

    /// The server's ALPN choice, read by the ALPN select callback.
    var alpnSelector: ALPNSelector? {
        if case .server(let selector) = configuration.role { return selector }
        return nil
    }

    private func configureCommon() throws {
        guard configuration.minimumVersion <= configuration.maximumVersion else {
            throw OpenSSLError(operation: "TLSContext", reasons: ["minimum version above maximum version"])
        }
        guard tlspeek_SSL_CTX_set_min_proto_version(pointer, configuration.minimumVersion.openSSLValue) == 1,
              tlspeek_SSL_CTX_set_max_proto_version(pointer, configuration.maximumVersion.openSSLValue) == 1 else {
            throw OpenSSLError.drain("SSL_CTX_set_min/max_proto_version")
        }
        guard SSL_CTX_set_cipher_list(pointer, configuration.tls12CipherSuites) == 1 else {
            throw OpenSSLError.drain("SSL_CTX_set_cipher_list")
        }
        SSL_CTX_set_security_level(pointer, configuration.securityLevel)
        // No compression (CRIME); no renegotiation at all, so neither a client-initiated one (a DoS
        // lever) nor an insecure legacy one; RFC 5746's extension is still sent.
        SSL_CTX_set_options(pointer, tlspeek_SSL_OP_ALL | tlspeek_SSL_OP_NO_COMPRESSION | tlspeek_SSL_OP_NO_RENEGOTIATION)
        if configuration.reportsKeyLog {
            SSL_CTX_set_keylog_callback(pointer, OpenSSLCallbacks.keyLog)
        }
        // Why: an idle connection otherwise keeps OpenSSL's ~34 KiB read and write record buffers for
        // its whole life; released, they are re-allocated per burst (measured: E -26 KiB/connection).
        _ = tlspeek_SSL_CTX_set_mode(pointer, Int(SSL_MODE_RELEASE_BUFFERS))
    }

    private func configureServer(alpnSelector: ALPNSelector?) {
        // The policy's suite order wins over the client's preferences.
        SSL_CTX_set_options(pointer, tlspeek_SSL_OP_CIPHER_SERVER_PREFERENCE)
        // The certificate is chosen per connection, asynchronously: pause in the ClientHello callback.
        SSL_CTX_set_client_hello_cb(pointer, OpenSSLCallbacks.clientHello, nil)
        // TLS 1.3: one session ticket instead of OpenSSL's two. Each costs a session encoding and an
        // encryption on every handshake, paid even by clients that never resume; one ticket still
        // lets a client resume its next connection (which brings it a fresh ticket).
        SSL_CTX_set_num_tickets(pointer, 1)
        if alpnSelector != nil {
            // `self` owns the SSL_CTX, so an unretained pointer lives exactly as long as the callback can fire.
            SSL_CTX_set_alpn_select_cb(pointer, OpenSSLCallbacks.alpnSelect, Unmanaged.passUnretained(self).toOpaque())
        }
    }

    private func configureClient(verification: CertificateVerification, alpnOffers: [String]) throws {
        // Never abort the handshake on a bad certificate: the result is reported as data and the proxy decides.
        SSL_CTX_set_verify(pointer, SSL_VERIFY_NONE, nil)
        if case .verify(let anchorFiles) = verification {
            guard SSL_CTX_set_default_verify_paths(pointer) == 1 else {
                throw OpenSSLError.drain("SSL_CTX_set_default_verify_paths")
            }
            for file in anchorFiles where SSL_CTX_load_verify_locations(pointer, file, nil) != 1 {
                throw OpenSSLError.drain("SSL_CTX_load_verify_locations(\(file))")
            }
        }
        // Sessions reach `sessionCache` through the new-session callback (TLS 1.3 tickets arrive after
        // the handshake); OpenSSL's own store is not used, as it cannot be keyed by host, port and SNI.
        _ = tlspeek_SSL_CTX_set_session_cache_mode(pointer, Int(SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE))
        SSL_CTX_sess_set_new_cb(pointer, OpenSSLCallbacks.newSession)
        if !alpnOffers.isEmpty {
            let wire = try Self.alpnWireFormat(alpnOffers)
            // Unusually, 0 means success here.
            guard SSL_CTX_set_alpn_protos(pointer, wire, UInt32(wire.count)) == 0 else {
                throw OpenSSLError.drain("SSL_CTX_set_alpn_protos")
            }
        }
    }

    /// Encodes protocol names as ALPN's list of length-prefixed strings.
    static func alpnWireFormat(_ protocols: [String]) throws -> [UInt8] {
        var wire: [UInt8] = []
        for name in protocols {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else {
                throw OpenSSLError(operation: "ALPN", reasons: ["protocol name must be 1-255 bytes: \(name)"])
            }
            wire.append(UInt8(bytes.count))
            wire += bytes
        }
        return wire
    }
}
