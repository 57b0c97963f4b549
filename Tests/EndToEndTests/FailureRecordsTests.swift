import Foundation
import TestSupport
import XCTest

/// Every refusal and failure of the proxy front leaves its trace in the JSONL log (`--log`), as the
/// README's "Failures in the records" says: an `error` record naming the stage and the host, and an
/// `http` record with tlspeek's status and the error whenever a request was understood.
final class FailureRecordsTests: EndToEndTestCase {
    func testEveryFailureOfTheFrontIsRecordedWithItsError() throws {
        let silent = try SilentOrigin()
        let proxy = try startProxy(["--deny-ports", "25", "--timeout-request-head", "1", "--timeout-response", "1"])
        let raw = RawSender(proxyPort: proxy.port)

        XCTAssertTrue(try raw.send("GET http://127.0.0.1:25/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 403 "))
        XCTAssertTrue(try raw.send("CONNECT 127.0.0.1:25 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 403 "))
        XCTAssertTrue(try raw.send("CONNECT 127.0.0.1:\(proxy.port) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 508 "))
        XCTAssertTrue(try raw.send("GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 400 "))
        let smuggling = "POST http://127.0.0.1:\(silent.port)/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\nab"
        XCTAssertTrue(try raw.send(smuggling).hasPrefix("HTTP/1.1 400 "))
        XCTAssertTrue(try raw.send("GET http://127.0.0.1:\(silent.port)/ HTTP/1.1\r\nHost: x\r\n").hasPrefix("HTTP/1.1 408 "))
        XCTAssertTrue(try raw.send("GET http://127.0.0.1:\(silent.port)/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 504 "))
        let closed = try ClosedPort.make()
        XCTAssertTrue(try raw.send("GET http://127.0.0.1:\(closed)/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 502 "))

        let log = try proxy.stopAndReadLog()
        let errors = log.records(ofType: "error").map { record in
            "\(record["stage"] as? String ?? "-") \(record["host"] as? String ?? "-"):\((record["port"] as? Int).map(String.init) ?? "-")"
        }
        XCTAssertEqual(errors, ["client 127.0.0.1:25", "client 127.0.0.1:25", "client 127.0.0.1:\(proxy.port)", "client -:-",
                                "client-http -:-", "client -:-", "upstream 127.0.0.1:\(silent.port)",
                                "upstream 127.0.0.1:\(closed)"], log.text)
        XCTAssertTrue(log.records(ofType: "error").allSatisfy { ($0["message"] as? String)?.isEmpty == false }, log.text)
        let exchanges = log.records(ofType: "http").map { "\($0["status"] as? Int ?? 0) \($0["error"] != nil)" }
        XCTAssertEqual(exchanges, ["403 true", "403 true", "508 true", "400 true", "504 true", "502 true"], log.text)
    }
}

/// A TCP origin that accepts and never answers.
private final class SilentOrigin {
    let port: Int
    private let process: ChildProcess

    init() throws {
        process = try ChildProcess("python3", ["-c", """
            import socket, time
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
            print("listening on %d" % s.getsockname()[1], flush=True)
            held = []
            while True: held.append(s.accept())
            """])
        let portText = try process.waitForOutput(matching: #"listening on (\d+)"#)
        guard let port = Int(portText) else { throw ChildProcess.Failure(description: "no port in \(portText)") }
        self.port = port
    }

    deinit { process.terminate(signal: SIGKILL) }
}

/// Sends bytes to the proxy in one write and returns what it answers until it closes (a CONNECT's
/// `200` ends the exchange instead: nothing follows it here).
private struct RawSender {
    let proxyPort: Int

    func send(_ text: String) throws -> String {
        let script = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
            s.sendall(sys.argv[2].encode())
            out = b""
            while True:
                d = s.recv(65536)
                if not d: break
                out += d
            sys.stdout.write(out.decode("latin1"))
            """
        let result = try ChildProcess.run("python3", ["-c", script, String(proxyPort), text])
        guard result.status == 0 else { throw ChildProcess.Failure(description: result.output) }
        return result.output
    }
}
