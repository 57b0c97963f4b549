import Foundation
import TestSupport
import XCTest

/// Many clients at once through one proxy, each on its own intercepted connection.
final class ConcurrencyTests: EndToEndTestCase {
    func testFiftyConcurrentCurlClients() throws {
        let origin = try PythonOrigin(tls: originLeaf)
        let proxy = try startProxy()
        let url = "https://localhost:\(origin.port)/hello"
        let clientCount = 50

        // All curl processes run at once; only then is each one waited for.
        let clients = try (0..<clientCount).map { _ in
            try ChildProcess("curl", ["-sS", "-x", "http://127.0.0.1:\(proxy.port)", "--cacert", proxy.caCertificatePath,
                                      "-w", "\n%{http_code}", url])
        }
        for client in clients {
            client.closeStandardInput()
            XCTAssertEqual(client.waitForExit(), 0, client.output)
            XCTAssertEqual(client.output, "hello from the python origin\n\n200", client.commandLine)
        }

        let log = try proxy.stopAndReadLog()
        XCTAssertEqual(log.records(ofType: "http").filter { $0["status"] as? Int == 200 }.count, clientCount, log.text)
        XCTAssertEqual(Set(log.tls(leg: "client").compactMap { $0["connection"] as? Int }).count, clientCount)
    }
}
