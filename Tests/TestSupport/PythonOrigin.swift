import Foundation

/// A small HTTP/1.1 origin in Python (keep-alive, POST echo, large streamed bodies), over TLS with a
/// TestPKI certificate or over plain TCP. `openssl s_server -WWW` cannot take POST bodies or keep
/// connections alive, and a Swift origin would need tlspeek's own TLS module.
public final class PythonOrigin {
    /// SHA-256 of the `/bytes/268435456` body (computed once with Python's hashlib).
    public static let digestOf256MiB = "b2399bed92750eca6f74923e06d8c9343e58f1718802ce3d3e21cc245a9b20e2"

    public let port: Int
    private let directory: TemporaryDirectory
    private let process: ChildProcess

    /// `leaf` nil = plain HTTP; `tls12Only` caps the origin at TLS 1.2 (so both legs can be 1.2).
    public init(tls leaf: TestPKI.Leaf?, tls12Only: Bool = false) throws {
        directory = try TemporaryDirectory(prefix: "tlspeek-origin")
        let script = directory.file("origin.py")
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        process = try ChildProcess("python3", [script] + (leaf.map { [$0.certificatePath, $0.keyPath] } ?? [])
                                             + (tls12Only ? ["tls1.2"] : []))
        let portText = try process.waitForOutput(matching: #"serving on 127\.0\.0\.1:(\d+)"#)
        guard let port = Int(portText) else { throw ChildProcess.Failure(description: "no port in \(portText)") }
        self.port = port
    }

    deinit { process.terminate(signal: SIGKILL) }

    private static let script = #"""
    # Test origin for tlspeek's end-to-end tests: HTTP/1.1 with keep-alive, over TLS when given a
    # certificate and key (and "tls1.2": no newer version). Prints "serving on 127.0.0.1:PORT" once it accepts connections.
    #   GET  /bytes/N  streams N deterministic bytes (1 MiB blocks, each stamped with its index)
    #   GET  /hello    a short text body
    #   GET  /connection  "connection N": this is the Nth connection the origin accepted
    #   GET  /close-idle  a short text body, then the connection closes once idle for 0.3 s
    #   GET  /close-next  a short text body; the connection's next request gets no answer but a close
    #   GET  /slow     a short text body after 3 s
    #   POST|PUT any   echoes the request body (Content-Length or chunked); headers X-Body-SHA256 and
    #                  X-Body-Framing (length|chunked) say what the origin received
    import hashlib, http.server, itertools, ssl, sys, time

    BLOCK = bytes(range(256)) * 4096

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        accepted = itertools.count(1)  # one handler per connection

        def setup(self):
            self.number = next(Handler.accepted)
            if isinstance(self.request, ssl.SSLSocket):
                self.request.do_handshake()  # in this connection's thread, not the accept loop
            super().setup()

        def log_message(self, *args):
            pass

        def send_body(self, body, extra=()):
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if getattr(self, "drop_next", False):
                self.close_connection = True
                return
            if self.path.startswith("/bytes/"):
                remaining = int(self.path[len("/bytes/"):])
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(remaining))
                self.end_headers()
                index = 0
                while remaining > 0:
                    chunk = (index.to_bytes(8, "big") + BLOCK[8:])[:remaining]
                    self.wfile.write(chunk)
                    remaining -= len(chunk)
                    index += 1
            elif self.path == "/hello":
                self.send_body(b"hello from the python origin\n")
            elif self.path == "/connection":
                self.send_body(f"connection {self.number}\n".encode())
            elif self.path == "/slow":
                time.sleep(3)
                self.send_body(b"late\n")
            elif self.path == "/close-next":
                self.send_body(b"closing at the next request\n")
                self.drop_next = True
            elif self.path == "/close-idle":
                self.send_body(b"closing when idle\n")
                self.request.settimeout(0.3)  # the next request line times out: the connection closes
            else:
                self.send_error(404)

        def read_body(self):
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                parts = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass  # trailers
                        return b"".join(parts), "chunked"
                    parts.append(self.rfile.read(size))
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length", "0"))), "length"

        def do_POST(self):
            body, framing = self.read_body()
            self.send_body(body, [("X-Body-SHA256", hashlib.sha256(body).hexdigest()), ("X-Body-Framing", framing)])

        do_PUT = do_POST

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128  # the concurrency test connects many clients at once

        def __init__(self, context):
            super().__init__(("127.0.0.1", 0), Handler)
            self.context = context

        def get_request(self):
            sock, address = self.socket.accept()
            if self.context:
                sock = self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
            return sock, address

        def handle_error(self, request, address):
            pass  # clients that go away mid-body are expected in some tests

    context = None
    if len(sys.argv) >= 3:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        if sys.argv[3:] == ["tls1.2"]:
            context.maximum_version = ssl.TLSVersion.TLSv1_2
    server = Server(context)
    print(f"serving on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()
    """#
}
