import Foundation
import TestSupport
import XCTest

/// What most end-to-end tests share: a test CA (independent of tlspeek's) with an origin
/// certificate for `localhost` and `127.0.0.1`, and shortcuts to start tlspeek and curl through it.
class EndToEndTestCase: XCTestCase {
    private(set) var pki: TestPKI!
    private(set) var originLeaf: TestPKI.Leaf!

    override func setUpWithError() throws {
        pki = try TestPKI()
        originLeaf = try pki.issueServerCertificate("origin", names: ["localhost", "127.0.0.1"])
    }

    override func tearDown() {
        originLeaf = nil
        pki = nil
    }

    /// tlspeek trusting the test CA upstream, plus `arguments`.
    func startProxy(_ arguments: [String] = []) throws -> TLSPeekProcess {
        try TLSPeekProcess(["--upstream-ca", pki.caCertificatePath] + arguments)
    }

    /// curl through `proxy` trusting only tlspeek's CA, i.e. expecting interception.
    func curl(through proxy: TLSPeekProcess) throws -> Curl {
        try Curl(proxyPort: proxy.port, trust: proxy.caCertificatePath)
    }

    /// An `openssl s_server -WWW` origin (with the localhost certificate unless `leaf` is given).
    func startFileOrigin(leaf: TestPKI.Leaf? = nil, files: [String: String] = [:],
                         arguments: [String] = []) throws -> FileOrigin {
        try FileOrigin(leaf: leaf ?? originLeaf, files: files, arguments: arguments)
    }
}
