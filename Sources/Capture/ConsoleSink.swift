import Foundation

/// Prints records for a person watching the proxy: one line per exchange, tunnel and failure;
/// more with each `Detail` level. Writes whole records — those of a burst together, with one
/// `write(2)` when the recorder's queue runs dry — so lines of concurrent connections never
/// interleave. `write` and `flush` run on the recorder's queue only, which is what makes the
/// unlocked leg pairing and held text safe.
public final class ConsoleSink: RecordSink, @unchecked Sendable {
    public enum Detail: Int, Comparable, Sendable {
        /// Errors and failed handshakes only.
        case errors
        /// One line per exchange, tunnel and failure.
        case exchanges
        /// Plus the handshake walk of each TLS leg and each exchange's headers.
        case handshakes
        /// Plus body previews.
        case bodies

        public static func < (lhs: Detail, rhs: Detail) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private let detail: Detail
    private let output: CoalescedOutput
    private let style: ConsoleStyle
    /// At `-v`, pairs each intercepted connection's two legs for one comparison line.
    private let legs = LegComparison()

    public init(detail: Detail, output: OutputFile, style: ConsoleStyle) {
        self.detail = detail
        self.output = CoalescedOutput(output)
        self.style = style
    }

    public var interest: RecordInterest {
        switch detail {
        // Up to one line per exchange: the summary of an `http` record is enough.
        case .errors:
            return RecordInterest([.tls: .failures, .http: .failures, .tunnel: .failures, .error: .all], detailed: [.tls, .tunnel, .error])
        case .exchanges:
            return RecordInterest([.tls: .failures, .http: .all, .tunnel: .all, .error: .all], detailed: [.tls, .tunnel, .error])
        case .handshakes, .bodies: return .everything
        }
    }

    public func write(_ record: Record) {
        var lines = ConsoleFormat(style: style).lines(for: record, detail: detail)
        if detail >= .handshakes, let comparison = legs.line(after: record) { lines.append(comparison) }
        guard !lines.isEmpty else { return }
        output.append(lines.joined(separator: "\n") + "\n")
    }

    public func flush() {
        output.flush()
    }

    /// The console itself stays open (it is standard output).
    public func close() {
        output.flush()
    }
}
