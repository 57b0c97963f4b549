import Foundation
import NIOCore
import NIOPosix
import Proxy

/// A `ProxyServer` running in-process on 127.0.0.1:0, with its records and a curl runner.
final class ProxyHarness: @unchecked Sendable {
    let group: MultiThreadedEventLoopGroup
    let events = RecordingEvents()
    private(set) var server: ProxyServer!
    var port: Int { server.localAddress.port! }
    var proxyURL: String { "http://127.0.0.1:\(port)" }

    /// `threads`: 1 puts every client connection on one event loop (and one upstream pool).
    init(threads: Int = 2, configure: (inout ProxyConfiguration) -> Void = { _ in }) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        var configuration = ProxyConfiguration(listenHost: "127.0.0.1", listenPort: 0, connectTimeout: .seconds(5),
                                               events: events)
        configure(&configuration)
        server = try ProxyServer.start(configuration: configuration, group: group).wait()
    }

    /// Runs curl through the proxy; returns its exit status and output (body, then what `-w` adds).
    func curl(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
        try CapturedProcess.run("curl", ["-sS", "--max-time", "60", "-x", proxyURL] + arguments, input: input)
    }

    deinit {
        try? server?.close().wait()
        try? group.syncShutdownGracefully()
    }
}

struct RecordsMissing: Error, CustomStringConvertible {
    var description: String { "the proxy did not report the expected records" }
}

/// Collects what the proxy reports, for assertions.
final class RecordingEvents: ProxyEventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var exchanges: [HTTPExchangeRecord] = []
    private var tunnels: [TunnelRecord] = []
    private var errors: [ProxyErrorRecord] = []

    func httpExchangeCompleted(_ record: HTTPExchangeRecord) { lock.withLock { exchanges.append(record) } }
    func tunnelClosed(_ record: TunnelRecord) { lock.withLock { tunnels.append(record) } }
    func errorOccurred(_ record: ProxyErrorRecord) { lock.withLock { errors.append(record) } }

    var exchangeRecords: [HTTPExchangeRecord] { lock.withLock { exchanges } }
    var errorRecords: [ProxyErrorRecord] { lock.withLock { errors } }

    /// Waits (bounded) until a tunnel record arrives; they are sent once both sides have closed.
    func waitForTunnel() throws -> TunnelRecord {
        try waitFor { self.tunnels.first }
    }

    /// Waits (bounded) until `count` exchange records arrived.
    func waitForExchanges(_ count: Int) throws -> [HTTPExchangeRecord] {
        try waitFor { self.exchanges.count >= count ? self.exchanges : nil }
    }

    private func waitFor<T>(_ probe: () -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let value = lock.withLock(probe) { return value }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw RecordsMissing()
    }
}
