#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import TLS

/// Recognises targets that are the proxy itself, so a request never connects back to its own port.
///
/// On the listening port every loopback address is refused (127.0.0.0/8 in any spelling the
/// resolver accepts, `::1`, IPv4-mapped loopback, `localhost` and `*.localhost`), whatever address
/// the proxy is bound to; the bound address and, for a wildcard bind, every local interface
/// address too.
package struct LoopGuard: Sendable {
    /// The port the proxy listens on.
    let port: Int
    /// Normalised host names and addresses (besides loopback) that reach this process on `port`.
    let hosts: Set<String>

    /// A guard for explicit hosts (tests) or as computed by `init(listeningOn:)`.
    package init(port: Int, hosts: Set<String>) {
        self.port = port
        self.hosts = Set(hosts.map { HostPattern.normalise(host: $0) })
    }

    /// The bound address; a wildcard bind adds every local interface address.
    init(listeningOn address: SocketAddress) {
        var hosts: Set<String> = ["0.0.0.0", "::"]
        if let ip = address.ipAddress { hosts.insert(ip) }
        if ["0.0.0.0", "::"].contains(address.ipAddress ?? "") {
            for device in (try? System.enumerateDevices()) ?? [] {
                if let ip = device.address?.ipAddress { hosts.insert(ip) }
            }
        }
        self.init(port: address.port ?? 0, hosts: hosts)
    }

    /// True when `target` would connect to this proxy.
    func isSelf(_ target: ConnectTarget) -> Bool {
        guard target.port == port else { return false }
        let host = HostPattern.normalise(host: target.host)
        return Self.isLoopback(host) || hosts.contains(host)
    }

    /// Loopback by name or address, including the IPv4 shorthands `inet_aton` (and so the system
    /// resolver) accepts: `127.1`, `2130706433`, `0x7f.0.0.1`.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        var v4 = in_addr()
        if inet_aton(host, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { $0[0] == 127 }
        }
        guard let address = IPAddress(host), address.isIPv6 else { return false }
        let bytes = address.bytes
        let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
        return bytes == loopback || (Array(bytes.prefix(12)) == mappedPrefix && bytes[12] == 127)
    }
}
