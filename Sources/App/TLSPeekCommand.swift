import ArgumentParser

/// `tlspeek [run] …` and `tlspeek ca init|show`.
public struct TLSPeekCommand: ParsableCommand {
    /// tlspeek's version, as `--version` and HAR files' `creator` show it.
    static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "tlspeek",
        abstract: "A local HTTPS-intercepting debug proxy that shows both TLS handshakes and the decrypted HTTP.",
        version: version,
        subcommands: [RunCommand.self, CACommand.self],
        defaultSubcommand: RunCommand.self
    )

    public init() {}
}
