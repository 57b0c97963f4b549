import Capture
import NIOConcurrencyHelpers
import TLS

/// Remembers how recent certificates were described: the same origin certificate and the same
/// minted leaf appear in every handshake, and decoding DER with OpenSSL 3.0 costs ~0.3 ms each.
final class CertificateDescriptions: Sendable {
    static let shared = CertificateDescriptions(capacity: 512)

    private struct State {
        var descriptions: [[UInt8]: JSON] = [:]
        /// Insertion order, oldest first, for eviction.
        var order: [[UInt8]] = []
    }

    private let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The record fields of the certificate whose DER encoding is `der`.
    func describe(_ der: [UInt8]) -> JSON {
        if let known = state.withLockedValue({ $0.descriptions[der] }) { return known }
        let description = Self.decode(der)
        state.withLockedValue { state in
            guard state.descriptions.updateValue(description, forKey: der) == nil else { return }
            state.order.append(der)
            if state.order.count > capacity {
                state.descriptions[state.order.removeFirst()] = nil
            }
        }
        return description
    }

    private static func decode(_ der: [UInt8]) -> JSON {
        guard let certificate = try? Certificate(der: der) else {
            return .object([("error", "not a parseable X.509 certificate"), ("length", .int(der.count))])
        }
        return CertificateJSON.describe(certificate)
    }
}
