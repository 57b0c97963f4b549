import Foundation

/// A client that asks for a protocol switch through the proxy (python3 on a plain socket): sends
/// `request` with `early;` right behind it in the same write, prints the response head, then reads
/// the origin's `welcome;` and the echoes of `early;`, `ping;` and a 100 000-byte block, half-closes
/// and waits for the end. With `afterConnect`, that CONNECT goes first and its answer is printed too;
/// with `trustedCA` as well, the rest runs inside TLS to `localhost` (then it closes at the end
/// instead of half-closing: Python's TLS sockets cannot half-close) and prints `closed`.
enum UpgradeClient {
    static let bigBlockSize = 100_000

    static func run(proxyPort: Int, afterConnect connect: String? = nil, trustedCA: String? = nil,
                    request: String) throws -> String {
        let script = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
            def head():
                out = b""
                while b"\\r\\n\\r\\n" not in out:
                    d = s.recv(1)
                    if not d: return out
                    out += d
                return out
            def exact(n):
                out = b""
                while len(out) < n:
                    d = s.recv(n - len(out))
                    if not d: break
                    out += d
                return out
            if sys.argv[2]:
                s.sendall(sys.argv[2].encode())
                sys.stdout.write(head().decode("latin1"))
            if sys.argv[4]:
                import ssl
                s = ssl.create_default_context(cafile=sys.argv[4]).wrap_socket(s, server_hostname="localhost")
            s.sendall(sys.argv[3].encode() + b"early;")
            response = head()
            sys.stdout.write(response.decode("latin1"))
            if b" 101 " not in response.split(b"\\r\\n")[0]: sys.exit(0)
            sys.stdout.write(exact(14).decode("latin1"))
            s.sendall(b"ping;")
            sys.stdout.write(exact(5).decode("latin1"))
            big = bytes(range(256)) * (\(bigBlockSize) // 256) + bytes(\(bigBlockSize) % 256)
            s.sendall(big)
            sys.stdout.write("big echoed;" if exact(len(big)) == big else "big differs;")
            if sys.argv[4]:
                s.close()
                sys.stdout.write("closed")
                sys.exit(0)
            s.shutdown(socket.SHUT_WR)
            rest = s.recv(65536)
            sys.stdout.write("eof" if not rest else "extra: " + rest.decode("latin1"))
            """
        let result = try CapturedProcess.run("python3", ["-c", script, String(proxyPort), connect ?? "", request,
                                                       trustedCA ?? ""])
        guard result.status == 0 else { throw RawClient.Failure(output: result.output) }
        return result.output
    }
}
