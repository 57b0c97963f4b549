import NIOCore
import NIOPosix

/// Recognises targets that are the proxy itself, so a request never connects back to its own port.
struct LoopGuard: Sendable {
    /// The port the proxy listens on.
    let port: Int
    /// Normalised host names and addresses that reach this process on `port`.
    let hosts: Set<String>

    /// A guard for explicit hosts (tests) or as computed by `init(listeningOn:)`.
    init(port: Int, hosts: Set<String>) {
        self.port = port
        self.hosts = Set(hosts.map { HostPattern.normalise(host: $0) })
    }

    /// Loopback names plus the bound address; a wildcard bind adds every local interface address.
    init(listeningOn address: SocketAddress) {
        var hosts: Set<String> = ["localhost", "127.0.0.1", "::1", "0.0.0.0", "::"]
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
        target.port == port && hosts.contains(HostPattern.normalise(host: target.host))
    }
}
