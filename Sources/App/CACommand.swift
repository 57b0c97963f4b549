import ArgumentParser
import CertificateAuthority
import TLS

/// `tlspeek ca init|show`.
struct CACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Create or inspect the local certificate authority.",
        subcommands: [CAInitCommand.self, CAShowCommand.self]
    )
}

/// The `--certs` option shared by the `ca` subcommands.
struct CADirectoryOption: ParsableArguments {
    @Option(help: ArgumentHelp("Directory of the local CA.", valueName: "dir"))
    var certs = "certs"
}

/// `tlspeek ca init`: create the CA if missing; never overwrite one.
struct CAInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the local CA in --certs if it does not exist (an existing CA is never overwritten)."
    )

    @OptionGroup var directory: CADirectoryOption

    @Option(name: .customLong("key-type"), help: ArgumentHelp(
        "Key type of a new CA: \(PrivateKey.Kind.allCases.map(\.rawValue).joined(separator: " or ")) (RSA for very old clients).",
        valueName: "type"))
    var keyType = PrivateKey.Kind.ecP256.rawValue

    func validate() throws {
        guard PrivateKey.Kind(rawValue: keyType) != nil else {
            throw ValidationError("--key-type must be one of \(PrivateKey.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let kind = PrivateKey.Kind(rawValue: keyType) ?? .ecP256
        let (authority, created) = try CertificateAuthority.loadOrCreate(directory: directory.certs, keyKind: kind)
        print(created ? "created a new CA in \(directory.certs)/" : "a CA already exists in \(directory.certs)/ (left unchanged)")
        print(CADescription(authority: authority).text)
    }
}

/// `tlspeek ca show`: subject, fingerprint, validity, files, and how to trust the CA.
struct CAShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the CA's subject, SHA-256 fingerprint, validity, files and how to trust it."
    )

    @OptionGroup var directory: CADirectoryOption

    func run() throws {
        let authority = try CertificateAuthority.load(directory: directory.certs)
        print(CADescription(authority: authority).text)
    }
}
