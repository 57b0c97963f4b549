import NIOCore

/// A timeout that ended a connection or an exchange; its description is what records say.
enum ProxyTimeout: Error, CustomStringConvertible {
    /// The client did not send a complete request head in time.
    case requestHead(TimeAmount)
    /// Nothing moved on the connection in either direction.
    case idle(TimeAmount)
    /// The origin sent nothing after the request.
    case responseHead(TimeAmount, origin: ConnectTarget)

    var description: String {
        switch self {
        case .requestHead(let amount):
            return "no complete request head within \(Self.seconds(amount)) (request head timeout)"
        case .idle(let amount):
            return "closed after \(Self.seconds(amount)) without traffic (idle timeout)"
        case .responseHead(let amount, let origin):
            return "\(origin) sent no response within \(Self.seconds(amount)) (response timeout)"
        }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
