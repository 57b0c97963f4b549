import Foundation

/// `openssl s_server -WWW` serving one page as `/index.html` with a certificate for `localhost`
/// from its own test CA: the independent HTTPS origin tests intercept.
public final class StaticTLSOrigin: @unchecked Sendable {
    /// The test CA that signed the origin's certificate (give it as an upstream anchor).
    public let pki: TestPKI
    public let server: OpenSSLServer
    /// Keeps the served directory alive as long as the server.
    private let site: TemporaryDirectory

    public init(page: String = "page\n") throws {
        pki = try TestPKI()
        let leaf = try pki.issueServerCertificate("origin", names: ["localhost"])
        site = try TemporaryDirectory()
        try page.write(toFile: site.file("index.html"), atomically: true, encoding: .utf8)
        server = try OpenSSLServer(certificatePath: leaf.certificatePath, keyPath: leaf.keyPath,
                                   extraArguments: ["-WWW"], directory: site.path)
    }
}
