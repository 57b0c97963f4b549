import Foundation

/// Sends bytes in one write over a plain socket (then half-closes, if asked) and returns everything
/// received until the server closes. With `afterConnect`, first sends that CONNECT and waits for
/// the end of the proxy's answer, like a tunnelling client; with `trustedCA` too, then speaks TLS
/// (SNI `localhost`) inside the tunnel, trusting that CA, and sends `bytes` encrypted. With
/// `moreBytes`, sends that many more right behind them before reading (a client still uploading
/// when refused), and a connection reset (instead of an orderly close) ends the output with `[RESET]`.
enum RawClient {
    static func exchange(port: Int, afterConnect connect: String? = nil, trustedCA: String? = nil, bytes: [UInt8],
                         halfClose: Bool = false, moreBytes: Int = 0) throws -> String {
        let script = """
            import socket, ssl, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
            out = b""
            if sys.argv[3]:
                s.sendall(sys.argv[3].encode())
                while b"\\r\\n\\r\\n" not in out: out += s.recv(1)
            if sys.argv[4]:
                s = ssl.create_default_context(cafile=sys.argv[4]).wrap_socket(s, server_hostname="localhost")
            s.sendall(sys.stdin.buffer.read())
            reset = False
            try: s.sendall(b"x" * int(sys.argv[5]))
            except OSError: reset = True
            if sys.argv[2] == "1": s.shutdown(socket.SHUT_WR)
            while True:
                try: d = s.recv(65536)
                except (ssl.SSLError, ConnectionResetError):
                    reset = True
                    break
                if not d: break
                out += d
            if reset and int(sys.argv[5]): out += b"[RESET]"
            sys.stdout.write(out.decode("latin1"))
            """
        let result = try CapturedProcess.run("python3", ["-c", script, String(port), halfClose ? "1" : "0", connect ?? "",
                                                         trustedCA ?? "", String(moreBytes)],
                                           input: Data(bytes))
        guard result.status == 0 else { throw Failure(output: result.output) }
        return result.output
    }

    struct Failure: Error {
        let output: String
    }
}
