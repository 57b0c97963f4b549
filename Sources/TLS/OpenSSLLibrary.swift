import COpenSSL

/// Facts about the linked OpenSSL library.
public enum OpenSSLLibrary {
    /// The runtime version string, e.g. "OpenSSL 3.0.19 27 Jan 2026".
    public static var version: String {
        String(cString: OpenSSL_version(OPENSSL_VERSION))
    }
}
