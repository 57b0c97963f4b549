import Foundation

/// Where one CA lives on disk: a directory holding `ca.pem`, `ca.der` and `ca.key.pem`.
/// All paths are absolute (a relative directory is resolved against the working directory).
public struct CAFiles: Sendable, Hashable {
    public static let certificateName = "ca.pem"
    public static let certificateDERName = "ca.der"
    public static let privateKeyName = "ca.key.pem"

    /// The absolute, standardised directory.
    public let directory: String

    public init(directory: String) {
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let url = URL(fileURLWithPath: directory, isDirectory: true, relativeTo: base)
        var path = url.standardizedFileURL.path
        if path.count > 1, path.hasSuffix("/") { path.removeLast() }
        self.directory = path
    }

    /// The CA certificate in PEM: what clients trust.
    public var certificate: String { path(Self.certificateName) }
    /// The same certificate in DER.
    public var certificateDER: String { path(Self.certificateDERName) }
    /// The CA private key (unencrypted PKCS#8 PEM, mode 0600).
    public var privateKey: String { path(Self.privateKeyName) }

    private func path(_ name: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }
}
