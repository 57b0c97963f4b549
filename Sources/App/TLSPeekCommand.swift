import ArgumentParser

/// `tlspeek [run] …` and `tlspeek ca init|show`.
public struct TLSPeekCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tlspeek",
        abstract: "A local HTTPS-intercepting debug proxy that shows both TLS handshakes and the decrypted HTTP.",
        subcommands: [RunCommand.self, CACommand.self],
        defaultSubcommand: RunCommand.self
    )

    public init() {}
}
