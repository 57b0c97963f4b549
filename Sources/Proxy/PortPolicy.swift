/// Which target ports CONNECT and absolute-form requests may reach (`--allow-ports`, `--deny-ports`).
///
/// Like mitmproxy, every port is allowed by default. `--deny-ports` wins over `--allow-ports`; an
/// empty allow list allows every port not denied.
public struct PortPolicy: Hashable, Sendable {
    /// Whether a port may be reached, and if not which rule refused it.
    public enum Decision: Hashable, Sendable {
        case allowed
        case denied(reason: String)
    }

    public var allow: [PortRange]
    public var deny: [PortRange]

    /// A policy from parsed ranges; the default allows every port.
    public init(allow: [PortRange] = [], deny: [PortRange] = []) {
        self.allow = allow
        self.deny = deny
    }

    /// A policy from flag values; throws `PortRangeError` for the first invalid one.
    public init(allow: [String], deny: [String]) throws(PortRangeError) {
        var allowRanges: [PortRange] = []
        for text in allow { allowRanges.append(try PortRange(text)) }
        var denyRanges: [PortRange] = []
        for text in deny { denyRanges.append(try PortRange(text)) }
        self.init(allow: allowRanges, deny: denyRanges)
    }

    public func decide(port: Int) -> Decision {
        if let range = deny.first(where: { $0.contains(port) }) {
            return .denied(reason: "port \(port) matches --deny-ports \(range)")
        }
        if !allow.isEmpty, !allow.contains(where: { $0.contains(port) }) {
            return .denied(reason: "port \(port) is not in --allow-ports \(allow.map(\.description).joined(separator: ","))")
        }
        return .allowed
    }
}
