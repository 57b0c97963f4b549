import Capture

/// Everything `tlspeek run` needs, resolved from defaults, the config file and flags (flags win).
public struct Settings: Equatable, Sendable {
    public enum Verbosity: Int, Comparable, Sendable, CaseIterable {
        case quiet = 0, normal, verbose, debug

        public static func < (lhs: Verbosity, rhs: Verbosity) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The config file's spelling.
        var name: String {
            switch self {
            case .quiet: return "quiet"
            case .normal: return "normal"
            case .verbose: return "verbose"
            case .debug: return "debug"
            }
        }
    }

    public var listen = "127.0.0.1:8080"
    public var certs = "certs"
    public var allowHosts: [String] = []
    public var ignoreHosts: [String] = []
    /// `--allow-ports` / `--deny-ports`: ports or ranges (`443`, `8000-8999`) targets may / may not use.
    public var allowPorts: [String] = []
    public var denyPorts: [String] = []
    public var keylog: String?
    public var log: String?
    public var har: String?
    public var upstreamCA: [String] = []
    public var insecure = false
    public var allowRemote = false
    /// `--reuse-upstream`: share idle upstream connections between client connections.
    public var reuseUpstream = false
    public var verbosity = Verbosity.normal
    /// `--filter`: what the console, `--log` and `--har` show; nil shows everything.
    public var filter: FilterExpression?
    /// `--keylog-hosts`: log keys only for connections to matching hosts; empty logs every connection.
    public var keylogHosts: [String] = []
    /// `--timeout-connect`, `--timeout-request-head`, `--timeout-idle`, `--timeout-response`, in seconds.
    public var timeouts = Timeouts()

    /// The proxy's timeouts in whole seconds (see `ProxyTimeouts` for what each bounds).
    public struct Timeouts: Equatable, Sendable {
        public var connect = 10
        public var requestHead = 30
        public var idle = 300
        public var response = 60

        public init() {}
    }

    /// The defaults, with `--keylog` taken from `$SSLKEYLOGFILE` when set.
    public init(environment: [String: String] = [:]) {
        if let path = environment["SSLKEYLOGFILE"], !path.isEmpty { keylog = path }
    }

    /// The keys a config file may set; each is a long flag name.
    public static let configKeys = [
        "listen", "certs", "allow-hosts", "ignore-hosts", "allow-ports", "deny-ports", "keylog", "log", "har", "upstream-ca",
        "insecure", "allow-remote", "reuse-upstream", "verbosity", "filter", "keylog-hosts",
        "timeout-connect", "timeout-request-head", "timeout-idle", "timeout-response",
    ]

    /// Applies every entry of `file`; an unknown key or a value of the wrong type is an error that
    /// names the key, the file and the line.
    public mutating func apply(_ file: ConfigFile) throws {
        for entry in file.entries {
            let fail = { (message: String) in
                ConfigFile.ParseError(path: file.path, line: entry.line, message: message)
            }
            func string() throws -> String {
                guard case .string(let value) = entry.value else { throw fail("`\(entry.key)` must be a quoted string") }
                return value
            }
            func strings() throws -> [String] {
                switch entry.value {
                case .strings(let values): return values
                case .string(let value): return [value]
                default: throw fail("`\(entry.key)` must be a list of quoted strings, e.g. [\"*.example.com\"]")
                }
            }
            func bool() throws -> Bool {
                guard case .bool(let value) = entry.value else { throw fail("`\(entry.key)` must be true or false") }
                return value
            }
            func seconds() throws -> Int {
                guard case .integer(let value) = entry.value, value > 0 else {
                    throw fail("`\(entry.key)` must be a whole number of seconds above 0")
                }
                return value
            }
            switch entry.key {
            case "listen": listen = try string()
            case "certs": certs = try string()
            case "allow-hosts": allowHosts = try strings()
            case "ignore-hosts": ignoreHosts = try strings()
            case "allow-ports": allowPorts = try strings()
            case "deny-ports": denyPorts = try strings()
            case "keylog": keylog = try string()
            case "log": log = try string()
            case "har": har = try string()
            case "upstream-ca": upstreamCA = try strings()
            case "keylog-hosts": keylogHosts = try strings()
            case "filter":
                do {
                    filter = try Self.displayFilter(try string())
                } catch let error as FilterError {
                    throw fail("invalid `filter`: \(error)")
                }
            case "insecure": insecure = try bool()
            case "timeout-connect": timeouts.connect = try seconds()
            case "timeout-request-head": timeouts.requestHead = try seconds()
            case "timeout-idle": timeouts.idle = try seconds()
            case "timeout-response": timeouts.response = try seconds()
            case "allow-remote": allowRemote = try bool()
            case "reuse-upstream": reuseUpstream = try bool()
            case "verbosity":
                let name = try string()
                guard let level = Verbosity.allCases.first(where: { $0.name == name }) else {
                    throw fail("`verbosity` must be one of \(Verbosity.allCases.map(\.name).joined(separator: ", ")), got \"\(name)\"")
                }
                verbosity = level
            default:
                throw fail("unknown key `\(entry.key)` (known keys: \(Self.configKeys.joined(separator: ", ")))")
            }
        }
    }

    /// Parses a `--filter` / `filter` value; an empty (or all-blank) one means no filter, so
    /// `--filter ''` clears a filter set in the config file.
    static func displayFilter(_ text: String) throws(FilterError) -> FilterExpression? {
        text.allSatisfy(\.isWhitespace) ? nil : try FilterExpression(parsing: text)
    }
}
