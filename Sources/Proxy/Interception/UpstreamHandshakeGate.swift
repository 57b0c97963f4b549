import NIOCore
import TLS

/// Sits behind the upstream `TLSHandler` until its handshake ends, then completes `promise` with
/// the session summary (or the failure) and leaves the pipeline to the HTTP relay.
///
/// A channel whose connect failed never became active: it reports nothing, as the connector may
/// still reach the server through another address (Happy Eyeballs, or a stale cached address).
final class UpstreamHandshakeGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var promise: EventLoopPromise<TLSSessionSummary>?
    private var connected = false

    init(promise: EventLoopPromise<TLSSessionSummary>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted, let promise {
            self.promise = nil
            promise.succeed(completed.summary)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelActive(context: ChannelHandlerContext) {
        connected = true
        context.fireChannelActive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let tlsError = error as? TLSError {
            fail(UpstreamTLSFailure.handshakeFailed(tlsError))
        } else {
            fail(error)
        }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(UpstreamTLSFailure.handshakeFailed(.eofDuringHandshake))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(UpstreamTLSFailure.handshakeFailed(.eofDuringHandshake))
    }

    private func fail(_ error: any Error) {
        guard connected, let promise else { return }
        self.promise = nil
        promise.fail(error)
    }
}
