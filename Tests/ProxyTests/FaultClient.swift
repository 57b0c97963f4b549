import Foundation

/// A python3 client that sends a CONNECT and then misbehaves inside the tunnel; prints what came
/// back as `GOT <n> <first bytes as hex>`.
enum FaultClient {
    enum Action {
        /// Sends these bytes, half-closes, reads until the proxy closes.
        case raw([UInt8])
        /// Sends the first half of a real ClientHello, then closes.
        case halfClientHello
        /// Sends a whole ClientHello, then closes at once (the proxy is still handshaking upstream).
        case clientHelloThenClose
        /// Sends a syntactically valid ~64 KiB ClientHello (a huge padding extension) over five
        /// records, reads the answer for a moment, closes.
        case hugeClientHello
        /// Completes TLS trusting `caFile`, requests `/big`, reads 1 MiB, then resets the connection.
        case abortDownload(caFile: String)

        var arguments: [String] {
            switch self {
            case .raw(let bytes): return ["raw", bytes.map { String(format: "%02x", $0) }.joined()]
            case .halfClientHello: return ["half-hello", ""]
            case .clientHelloThenClose: return ["hello-close", ""]
            case .hugeClientHello: return ["huge-hello", ""]
            case .abortDownload(let caFile): return ["abort-download", caFile]
            }
        }
    }

    /// Runs `action` against the proxy on `port`, after `CONNECT target`.
    @discardableResult
    static func run(port: Int, target: String, _ action: Action) throws -> String {
        let script = #"""
            import os, socket, ssl, struct, sys, time
            port, target, mode, arg = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
            s = socket.create_connection(("127.0.0.1", port), timeout=20)
            s.sendall(b"CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (target.encode(), target.encode()))
            head = b""
            while b"\r\n\r\n" not in head: head += s.recv(1)
            def client_hello():
                ctx = ssl.create_default_context()
                incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
                obj = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
                try: obj.do_handshake()
                except ssl.SSLWantReadError: pass
                return outgoing.read()
            def huge_hello():
                ext = lambda kind, body: struct.pack("!HH", kind, len(body)) + body
                sni = ext(0, struct.pack("!HBH", 12, 0, 9) + b"localhost")
                versions = ext(43, b"\x04\x03\x04\x03\x03")
                groups = ext(10, b"\x00\x02\x00\x1d")
                sigalgs = ext(13, b"\x00\x08\x04\x03\x08\x04\x04\x01\x05\x01")
                share = ext(51, struct.pack("!HHH", 36, 0x1d, 32) + os.urandom(32))
                small = sni + versions + groups + sigalgs + share
                padding = ext(21, b"\x00" * (65535 - len(small) - 4 - 4))
                extensions = small + padding
                body = b"\x03\x03" + os.urandom(32) + b"\x00" + b"\x00\x04\x13\x01\xc0\x2f" + b"\x01\x00"
                body += struct.pack("!H", len(extensions)) + extensions
                message = b"\x01" + struct.pack("!I", len(body))[1:] + body
                records = b""
                for i in range(0, len(message), 16384):
                    chunk = message[i:i + 16384]
                    records += b"\x16\x03\x01" + struct.pack("!H", len(chunk)) + chunk
                return records
            def read_all(sock):
                out = b""
                while True:
                    try: d = sock.recv(65536)
                    except (socket.timeout, ConnectionResetError, ssl.SSLError): break
                    if not d: break
                    out += d
                return out
            out = b""
            if mode == "raw":
                s.sendall(bytes.fromhex(arg)); s.shutdown(socket.SHUT_WR); out = read_all(s)
            elif mode == "half-hello":
                hello = client_hello(); s.sendall(hello[:len(hello) // 2]); time.sleep(0.2)
            elif mode == "hello-close":
                s.sendall(client_hello())
            elif mode == "huge-hello":
                s.sendall(huge_hello()); s.settimeout(3); out = read_all(s)
            elif mode == "abort-download":
                t = ssl.create_default_context(cafile=arg).wrap_socket(s, server_hostname="localhost")
                t.sendall(b"GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n")
                got = 0
                while got < (1 << 20):
                    d = t.recv(65536)
                    if not d: break
                    got += len(d)
                out = b"read %d" % got
                t.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s = t
            s.close()
            print("GOT", len(out), out[:64].hex())
            """#
        let result = try CapturedProcess.run("python3", ["-c", script, String(port), target] + action.arguments)
        guard result.status == 0 else { throw RawClient.Failure(output: result.output) }
        return result.output
    }
}
