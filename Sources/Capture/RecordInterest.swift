/// Which records a sink reads, so producers can skip building records nobody will read
/// (a `tls` record decodes certificates; at `-q` the console wants only failures), and whether it
/// reads them in full or only their summary (the console's one line per exchange needs no headers).
public struct RecordInterest: Sendable, Equatable {
    public enum Level: Int, Comparable, Sendable {
        case none, failures, all

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private var levels: [Record.Kind: Level]
    private var detailed: Set<Record.Kind>

    /// `detailed`: the kinds read in full; for the others the summary fields are enough (only `http`
    /// records have a summary form).
    public init(_ levels: [Record.Kind: Level], detailed: Set<Record.Kind> = Set(Record.Kind.allCases)) {
        self.levels = levels
        self.detailed = detailed
    }

    /// Every record of every kind.
    public static let everything = RecordInterest([.tls: .all, .http: .all, .tunnel: .all, .error: .all])
    public static let nothing = RecordInterest([:], detailed: [])

    public func level(of kind: Record.Kind) -> Level { levels[kind] ?? .none }

    /// Whether a record of `kind` that did (or did not) fail is read.
    public func wants(_ kind: Record.Kind, failed: Bool) -> Bool {
        switch level(of: kind) {
        case .none: return false
        case .failures: return failed
        case .all: return true
        }
    }

    /// Whether records of `kind` are read in full, not only their summary.
    public func wantsDetails(of kind: Record.Kind) -> Bool {
        level(of: kind) > .none && detailed.contains(kind)
    }

    /// What either of two sinks reads.
    public func union(_ other: RecordInterest) -> RecordInterest {
        RecordInterest(levels.merging(other.levels) { max($0, $1) },
                       detailed: Set(Record.Kind.allCases.filter { wantsDetails(of: $0) || other.wantsDetails(of: $0) }))
    }

    /// The same records, each read in full.
    public var inFull: RecordInterest {
        RecordInterest(levels)
    }
}
