import TLS

/// tlspeek holds a CA that the user's clients trust: by default only this machine may use it.
/// Listening anywhere but loopback needs `--allow-remote`, and then prints a warning.
enum ListenPolicy {
    struct RemoteListenRefused: Error, CustomStringConvertible {
        let host: String
        var description: String {
            "refusing to listen on \(host): other machines could then use tlspeek to intercept TLS with your CA. "
                + "Use --listen 127.0.0.1:PORT, or pass --allow-remote if you really want this"
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        guard let address = IPAddress(host) else { return false }
        return address.isIPv6 ? address.bytes == [UInt8](repeating: 0, count: 15) + [1] : address.bytes[0] == 127
    }

    /// Throws for a non-loopback host unless `allowRemote`; returns the warning to print, if any.
    static func check(host: String, allowRemote: Bool) throws -> String? {
        if isLoopback(host) { return nil }
        guard allowRemote else { throw RemoteListenRefused(host: host) }
        return "warning: listening on \(host) (--allow-remote): anyone who can reach this address can use tlspeek and its CA"
    }
}
