import ArgumentParser
import Foundation

/// `tlspeek run` (the default): start the proxy and serve until SIGINT/SIGTERM.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start the proxy (the default command).",
        discussion: HostPatternHelp.text + "\n\n" + FilterHelp.text
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try options.resolve(environment: environment) { path in
            FileManager.default.fileExists(atPath: path) ? try String(contentsOfFile: path, encoding: .utf8) : nil
        }
        let proxy = try ProxyApplication(settings: settings, environment: environment)
        let shutdown = try ShutdownSignal()
        try proxy.start()
        shutdown.wait()
        proxy.stop()
    }
}
