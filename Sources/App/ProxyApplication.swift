import Capture
import CertificateAuthority
import Foundation
import NIOCore
import NIOPosix
import Proxy

/// The running proxy: the CA, recorder, key log and server built from `Settings`, and their
/// orderly stop (records flushed, files complete).
final class ProxyApplication {
    /// How long in-flight exchanges may run after SIGINT/SIGTERM.
    static let shutdownGracePeriod = TimeAmount.seconds(3)

    private let settings: Settings
    private let group: MultiThreadedEventLoopGroup
    private let recorder: Recorder
    private let keyLog: KeyLogWriter?
    private let configuration: ProxyConfiguration
    private let authority: CertificateAuthority
    private var server: ProxyServer?
    private let listenWarning: String?
    /// Unbuffered, so "listening on …" reaches a pipe at once and never interleaves with records.
    private let console: OutputFile

    init(settings: Settings, environment: [String: String]) throws {
        self.settings = settings
        console = try OutputFile(path: "-", mode: 0)
        let (host, port) = try ProxyConfiguration.parseListenAddress(settings.listen)
        listenWarning = try ListenPolicy.check(host: host, allowRemote: settings.allowRemote)
        let hostFilter = try HostFilter(allow: settings.allowHosts, ignore: settings.ignoreHosts)
        let portPolicy = try PortPolicy(allow: settings.allowPorts, deny: settings.denyPorts)
        let (authority, created) = try CertificateAuthority.loadOrCreate(directory: settings.certs)
        self.authority = authority
        if created {
            console.write("created a new local CA: \(authority.files.certificate) — trust it in your client "
                + "(curl --cacert \(settings.certs)/ca.pem; `tlspeek ca show` for browsers)\n")
        }
        keyLog = try settings.keylog.map(KeyLogWriter.init(path:))
        let keyLogHosts = try settings.keylogHosts.map { text throws(HostPatternError) in try HostPattern(text) }
        // Records produced on an event loop go to the recorder's thread once the loop's current tick
        // is done: one wake-up per tick, not one per exchange.
        recorder = Recorder(sinks: try Self.sinks(settings: settings, environment: environment, console: console)) { hop in
            if let loop = MultiThreadedEventLoopGroup.currentEventLoop { loop.execute(hop) } else { hop() }
        }
        let events = RecordingEventSink(recorder: recorder)
        let interception = try TLSInterception(
            leafCache: LeafCache(minter: LeafMinter(authority: authority)), upstreamAnchors: settings.upstreamCA,
            insecure: settings.insecure, connectTimeout: .seconds(Int64(settings.timeouts.connect)),
            output: InterceptionOutput(recorder: recorder, keyLog: keyLog, keyLogHosts: keyLogHosts), events: events)
        let timeouts = settings.timeouts
        configuration = ProxyConfiguration(
            listenHost: host, listenPort: port, hostFilter: hostFilter, portPolicy: portPolicy, connectTimeout: .seconds(Int64(timeouts.connect)),
            timeouts: ProxyTimeouts(requestHead: .seconds(Int64(timeouts.requestHead)), idle: .seconds(Int64(timeouts.idle)),
                                    responseHead: .seconds(Int64(timeouts.response))),
            interceptor: interception, events: events, reuseUpstream: settings.reuseUpstream)
        group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    }

    /// The console, `--log` and `--har` sinks, each behind the display filter when there is one. The
    /// console lets `error` records through regardless (see `FilteringSink`).
    private static func sinks(settings: Settings, environment: [String: String],
                              console: OutputFile) throws -> [any RecordSink] {
        func filtered(_ sink: any RecordSink, alwaysShown: Set<Record.Kind> = []) -> any RecordSink {
            settings.filter.map { FilteringSink(sink, filter: $0, alwaysShown: alwaysShown) } ?? sink
        }
        var sinks = [filtered(ConsoleSink(
            detail: ConsoleSink.Detail(rawValue: settings.verbosity.rawValue) ?? .exchanges,
            output: console,
            style: .detect(descriptor: STDOUT_FILENO, environment: environment)), alwaysShown: [.error])]
        if let log = settings.log { sinks.append(filtered(try JSONLinesSink(path: log))) }
        if let har = settings.har { sinks.append(filtered(try HARSink(path: har, version: TLSPeekCommand.version))) }
        return sinks
    }

    /// The port the proxy listens on, once started.
    var port: Int? { server?.localAddress.port }

    func start() throws {
        let server = try ProxyServer.start(configuration: configuration, group: group).wait()
        self.server = server
        let port = self.port ?? configuration.listenPort
        let host = configuration.listenHost.contains(":") ? "[\(configuration.listenHost)]" : configuration.listenHost
        console.write("listening on \(host):\(port)\n")
        if let listenWarning { console.write(listenWarning + "\n") }
        if settings.insecure { console.write("warning: --insecure: upstream certificates are NOT verified\n") }
        if let keyLog {
            let only = settings.keylogHosts.isEmpty ? "" : " (only \(settings.keylogHosts.joined(separator: ", ")))"
            console.write("key log: \(keyLog.path)\(only)\n")
        } else if !settings.keylogHosts.isEmpty {
            console.write("warning: --keylog-hosts has no effect without --keylog or $SSLKEYLOGFILE\n")
        }
        if let filter = settings.filter { console.write("display filter: \(filter)\n") }
    }

    /// Stops accepting, lets in-flight exchanges finish briefly, then flushes every record.
    func stop() {
        if let server { try? server.stop(gracePeriod: Self.shutdownGracePeriod).wait() }
        try? group.syncShutdownGracefully()
        recorder.close()
        keyLog?.close()
    }
}
