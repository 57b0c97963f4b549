/// The spelling host names are compared in, shared by host patterns and the display filter.
public enum HostName {
    /// Lowercases, drops IPv6 brackets and one trailing dot: `[::1]` → `::1`, `Example.COM.` → `example.com`.
    public static func normalise(_ host: some StringProtocol) -> String {
        var host = Substring(host.lowercased())
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host.hasSuffix("."), host.count > 1 { host = host.dropLast() }
        return String(host)
    }
}
