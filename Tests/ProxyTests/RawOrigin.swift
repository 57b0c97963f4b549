import Foundation
import TestSupport

/// A python3 origin on 127.0.0.1 (plain TCP, or TLS with a certificate) that answers the request
/// heads on each connection with canned bytes, well-formed or not (the n-th head gets the n-th of
/// `responses`, the last one repeating), and logs what reached it: every line that
/// looks like a request line (`REQUEST GET /x HTTP/1.1`, bodies included, so a smuggled request is
/// counted too) and every `Host` field (`HOST value`).
final class RawOrigin: @unchecked Sendable {
    let port: Int
    private let process: ChildProcess
    private let log: TemporaryDirectory

    init(responses: [String], certificatePath: String? = nil, keyPath: String? = nil) throws {
        let script = #"""
            import json, re, socket, ssl, sys, threading
            cert, key, log = sys.argv[1], sys.argv[2], open(sys.argv[4], "a")
            responses = [r.encode("latin1") for r in json.loads(sys.argv[3])]
            ctx = None
            if cert:
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(cert, key)
            lock = threading.Lock()
            def note(text):
                with lock:
                    log.write(text + "\n")
                    log.flush()
            srv = socket.socket()
            srv.bind(("127.0.0.1", 0))
            srv.listen(16)
            print("PORT", srv.getsockname()[1], flush=True)
            request_line = re.compile(rb"^[A-Z]+ \S+ HTTP/\d\.\d$")
            def serve(raw):
                try:
                    c = ctx.wrap_socket(raw, server_side=True) if ctx else raw
                    pending, in_head, answered = b"", False, 0
                    while True:
                        d = c.recv(65536)
                        if not d: break
                        pending += d
                        *lines, pending = pending.split(b"\n")
                        for line in lines:
                            line = line.rstrip(b"\r")
                            if request_line.match(line):
                                note("REQUEST " + line.decode("latin1"))
                                in_head = True
                            elif in_head and line.lower().startswith(b"host:"):
                                note("HOST " + line[5:].strip().decode("latin1"))
                            elif in_head and not line:
                                in_head = False
                                c.sendall(responses[min(answered, len(responses) - 1)])
                                answered += 1
                    c.close()
                except Exception as e:
                    raw.close()
            while True:
                raw, _ = srv.accept()
                threading.Thread(target=serve, args=(raw,), daemon=True).start()
            """#
        log = try TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: log.path + "/origin.log", contents: nil)
        let responseList = String(decoding: try JSONEncoder().encode(responses), as: UTF8.self)
        process = try ChildProcess("python3", ["-c", script, certificatePath ?? "", keyPath ?? "", responseList,
                                               log.path + "/origin.log"])
        // The pattern only matches digits.
        port = Int(try process.waitForOutput(matching: #"PORT (\d+)"#))!
    }

    /// The log lines so far, after a moment for bytes still in flight through the proxy.
    func logLines() throws -> [String] {
        Thread.sleep(forTimeInterval: 0.2)
        let text = try String(contentsOfFile: log.path + "/origin.log", encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
    }

    /// How many request lines reached the origin.
    func requestCount() throws -> Int {
        try logLines().count { $0.hasPrefix("REQUEST ") }
    }

    deinit { process.terminate(signal: SIGKILL) }
}
