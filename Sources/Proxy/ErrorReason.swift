#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// Turns a network error into the short reason users see in a 502 body and in records.
enum ErrorReason {
    /// E.g. "Connection refused", "DNS lookup failed: Name or service not known", "timed out after 10000 ms".
    static func text(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first { return text(failure.error) }
            if let dns = error.dnsAError ?? error.dnsAAAAError { return text(dns) }
            return "no addresses found"
        case let error as SocketAddressError.UnknownHost:
            return "DNS lookup failed: \(error.errorDescription)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case ChannelError.connectTimeout(let amount):
            return "timed out after \(amount.nanoseconds / 1_000_000) ms"
        default:
            return String(describing: error)
        }
    }
}
