import NIOCore
import NIOHTTP1

/// Refuses upstream responses whose framing is ambiguous or broken (RFC 9112 §6.3), and names
/// the rule for what NIO's decoder refused itself. It passes the violation on as an error: the
/// relay's end of the upstream closes that connection, and the client gets a `502` that says why.
final class ResponseFramingValidator: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias InboundOut = HTTPClientResponsePart

    private let origin: ConnectTarget
    private let events: any ProxyEventSink
    /// Re-pointed when a pooled connection serves another client connection (`--reuse-upstream`).
    var connectionID: Int
    /// Set once a response was refused: nothing after it is relayed.
    private var refused = false

    init(origin: ConnectTarget, events: any ProxyEventSink, connectionID: Int) {
        self.origin = origin
        self.events = events
        self.connectionID = connectionID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        if case .head(let head) = Self.unwrapInboundIn(data), let violation = FramingRules.violation(in: head) {
            refuse(violation, context: context)
            return
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let decoderError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        if !refused { refuse(.rejectedByDecoder(decoderError), context: context) }
    }

    private func refuse(_ violation: FramingViolation, context: ChannelHandlerContext) {
        refused = true
        events.errorOccurred(ProxyErrorRecord(connectionID: connectionID, stage: "upstream-http", target: origin,
                                              message: violation.description))
        context.fireErrorCaught(violation)
    }
}
