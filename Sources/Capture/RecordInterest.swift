/// Which records a sink reads, so producers can skip building records nobody will read
/// (a `tls` record decodes certificates; at `-q` the console wants only failures).
public struct RecordInterest: Sendable, Equatable {
    public enum Level: Int, Comparable, Sendable {
        case none, failures, all

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private var levels: [Record.Kind: Level]

    public init(_ levels: [Record.Kind: Level]) {
        self.levels = levels
    }

    /// Every record of every kind.
    public static let everything = RecordInterest([.tls: .all, .http: .all, .tunnel: .all, .error: .all])
    public static let nothing = RecordInterest([:])

    public func level(of kind: Record.Kind) -> Level { levels[kind] ?? .none }

    /// Whether a record of `kind` that did (or did not) fail is read.
    public func wants(_ kind: Record.Kind, failed: Bool) -> Bool {
        switch level(of: kind) {
        case .none: return false
        case .failures: return failed
        case .all: return true
        }
    }

    /// What either of two sinks reads.
    public func union(_ other: RecordInterest) -> RecordInterest {
        RecordInterest(levels.merging(other.levels) { max($0, $1) })
    }
}
