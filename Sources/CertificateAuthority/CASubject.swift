import Foundation
import TLS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who a new CA belongs to: its subject names tlspeek, the user and the machine, so that a user
/// who finds it in a trust store knows where it came from.
public struct CASubject: Sendable, Hashable {
    public var hostname: String
    public var user: String

    public init(hostname: String, user: String) {
        self.hostname = hostname
        self.user = user
    }

    /// The current user on this machine.
    public static func current() -> CASubject {
        CASubject(hostname: currentHostname(), user: currentUser())
    }

    /// `CN=tlspeek CA (<hostname>)`, `O=tlspeek local debugging CA`, `OU=<user>@<hostname>`,
    /// each cut to the 64-character limit of RFC 5280.
    public var name: CertificateBuilder.Name {
        CertificateBuilder.Name(
            commonName: "tlspeek CA (\(String(hostname.prefix(64 - "tlspeek CA ()".count))))",
            organization: "tlspeek local debugging CA",
            organizationalUnit: String("\(user)@\(hostname)".prefix(64))
        )
    }

    private static func currentHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    private static func currentUser() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let user = String(cString: name)
            if !user.isEmpty { return user }
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid\(geteuid())"
    }
}
