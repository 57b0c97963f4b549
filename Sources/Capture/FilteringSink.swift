/// Passes to another sink only the records a display filter (`--filter`) matches.
///
/// Kinds in `alwaysShown` bypass the filter: the console passes `error` records through, as
/// mitmproxy's event log shows failures whatever the view filter, so a filter never hides that
/// something broke. File sinks (`--log`, `--har`) filter every kind.
public final class FilteringSink: RecordSink {
    private let sink: any RecordSink
    private let filter: FilterExpression
    private let alwaysShown: Set<Record.Kind>

    public init(_ sink: any RecordSink, filter: FilterExpression, alwaysShown: Set<Record.Kind> = []) {
        self.sink = sink
        self.filter = filter
        self.alwaysShown = alwaysShown
    }

    /// A filter only narrows which records the wrapped sink reads, but may look at any field.
    public var interest: RecordInterest { sink.interest.inFull }

    public func write(_ record: Record) {
        if alwaysShown.contains(record.kind) || filter.matches(record) { sink.write(record) }
    }

    public func close() {
        sink.close()
    }
}
