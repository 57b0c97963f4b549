import ArgumentParser
import Foundation

/// `tlspeek run` (the default): start the proxy.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start the proxy (the default command).",
        discussion: HostPatternHelp.text
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        let settings = try options.resolve(environment: ProcessInfo.processInfo.environment) { path in
            FileManager.default.fileExists(atPath: path) ? try String(contentsOfFile: path, encoding: .utf8) : nil
        }
        _ = settings
    }
}
