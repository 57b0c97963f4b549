import Foundation
import TestSupport

/// A python3 origin on 127.0.0.1 that misbehaves on purpose, and counts its open connections.
///
/// With `.http` (plain or TLS) it answers by path: `/ok` a small 200; `/reset-length` part of a
/// Content-Length body, then a TCP reset; `/reset-chunked` one chunk, then a reset; `/big` a 256 MiB
/// body (the client is expected to abort). The other behaviours ignore what arrives.
final class FaultOrigin: @unchecked Sendable {
    enum Behaviour: String {
        /// Answers by path, as above.
        case http
        /// Answers any bytes with a plain-text HTTP 400, as an HTTP server behind a TLS-expecting proxy would.
        case plainHTTP = "plain-http"
        /// Sends binary garbage and closes.
        case garbage
        /// Waits 1 s before the TLS handshake (to let a client leave while the proxy handshakes upstream).
        case slowHandshake = "slow-handshake"
    }

    let port: Int
    private let process: ChildProcess

    init(_ behaviour: Behaviour, certificatePath: String? = nil, keyPath: String? = nil) throws {
        let script = #"""
            import socket, ssl, sys, threading, time, struct
            mode, cert, key = sys.argv[1], sys.argv[2], sys.argv[3]
            ctx = None
            if cert:
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(cert, key)
            lock, open_count = threading.Lock(), [0]
            def count(delta):
                with lock:
                    open_count[0] += delta
                    print("OPEN", open_count[0], flush=True)
            srv = socket.socket()
            srv.bind(("127.0.0.1", 0))
            srv.listen(64)
            print("PORT", srv.getsockname()[1], flush=True)
            def reset(raw):
                raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                raw.close()
            def answer(c, raw, path):
                if path == b"/ok":
                    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                elif path == b"/reset-length":
                    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 1000)
                    time.sleep(0.2); reset(raw); return False
                elif path == b"/reset-chunked":
                    c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + b"x" * 1000 + b"\r\n")
                    time.sleep(0.2); reset(raw); return False
                elif path == b"/big":
                    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (256 << 20))
                    block = b"x" * 65536
                    for _ in range(4096): c.sendall(block)
                return True
            def serve(raw):
                count(1)
                try:
                    if mode == "garbage":
                        raw.sendall(bytes(range(256)) * 4); return
                    if mode == "plain-http":
                        raw.recv(65536)
                        raw.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"); return
                    if mode == "slow-handshake": time.sleep(1)
                    c = ctx.wrap_socket(raw, server_side=True) if ctx else raw
                    pending = b""
                    while True:
                        d = c.recv(65536)
                        if not d: return
                        pending += d
                        while b"\r\n\r\n" in pending:
                            head, pending = pending.split(b"\r\n\r\n", 1)
                            if not answer(c, raw, head.split(b" ")[1]): return
                except Exception:
                    pass
                finally:
                    try: raw.close()
                    except Exception: pass
                    count(-1)
            while True:
                raw, _ = srv.accept()
                threading.Thread(target=serve, args=(raw,), daemon=True).start()
            """#
        process = try ChildProcess("python3", ["-c", script, behaviour.rawValue, certificatePath ?? "", keyPath ?? ""])
        // The pattern only matches digits.
        port = Int(try process.waitForOutput(matching: #"PORT (\d+)"#))!
    }

    /// How many connections are open at the origin (0 before the first one).
    var openConnections: Int {
        let counts = process.output.split(separator: "\n").filter { $0.hasPrefix("OPEN ") }
        return counts.last.flatMap { Int($0.dropFirst(5)) } ?? 0
    }

    /// How many connections the origin has accepted so far.
    var acceptedConnections: Int {
        var previous = 0
        var accepted = 0
        for line in process.output.split(separator: "\n") where line.hasPrefix("OPEN ") {
            let count = Int(line.dropFirst(5)) ?? 0
            if count > previous { accepted += 1 }
            previous = count
        }
        return accepted
    }

    deinit { process.terminate(signal: SIGKILL) }
}
