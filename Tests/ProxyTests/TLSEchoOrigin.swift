import Foundation
import TestSupport

/// A python3 TLS server on 127.0.0.1 (kernel-chosen port) that echoes every byte until the client
/// closes, after an opening that depends on `Opening`.
final class TLSEchoOrigin: @unchecked Sendable {
    enum Opening: String {
        /// Echo from the start.
        case none
        /// Answer the request head with `101 Switching Protocols` to `echo`, followed by `welcome;`.
        case upgrade
        /// Speak first: `220 greetings\r\n` as soon as the handshake is done.
        case greeting
    }

    let process: ChildProcess
    let port: Int

    init(certificatePath: String, keyPath: String, opening: Opening) throws {
        let script = """
            import socket, ssl, sys, threading
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(sys.argv[1], sys.argv[2])
            srv = socket.socket()
            srv.bind(("127.0.0.1", 0))
            srv.listen(8)
            print("PORT", srv.getsockname()[1], flush=True)
            def serve(raw):
                try:
                    c = ctx.wrap_socket(raw, server_side=True)
                    if sys.argv[3] == "greeting":
                        c.sendall(b"220 greetings\\r\\n")
                    if sys.argv[3] == "upgrade":
                        buf = b""
                        while b"\\r\\n\\r\\n" not in buf:
                            d = c.recv(4096)
                            if not d: return
                            buf += d
                        rest = buf.split(b"\\r\\n\\r\\n", 1)[1]
                        c.sendall(b"HTTP/1.1 101 Switching Protocols\\r\\nConnection: Upgrade\\r\\nUpgrade: echo\\r\\n\\r\\nwelcome;" + rest)
                    while True:
                        d = c.recv(65536)
                        if not d: break
                        c.sendall(d)
                    c.close()
                except Exception as e:
                    print("origin error:", e, flush=True)
                    raw.close()
            while True:
                raw, _ = srv.accept()
                threading.Thread(target=serve, args=(raw,), daemon=True).start()
            """
        process = try ChildProcess("python3", ["-c", script, certificatePath, keyPath, opening.rawValue])
        // The pattern only matches digits.
        port = Int(try process.waitForOutput(matching: #"PORT (\d+)"#))!
    }

    deinit { process.terminate(signal: SIGKILL) }
}
