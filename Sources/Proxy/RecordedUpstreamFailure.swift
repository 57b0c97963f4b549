/// An upstream failure that already has its `error` record (the intercepted connection's upstream
/// leg failed when it was opened); requests that meet it later get their `502` and `http` record but
/// are not recorded as a new failure.
struct RecordedUpstreamFailure: Error, CustomStringConvertible {
    let underlying: any Error

    var description: String { ErrorReason.text(underlying) }
}
