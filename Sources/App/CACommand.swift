import ArgumentParser

/// `tlspeek ca init|show`.
struct CACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Create or inspect the local certificate authority.",
        subcommands: []
    )
}
