import ArgumentParser

/// The flags of `tlspeek run`. Every option is optional here so that the config file can fill
/// what the command line leaves out; `resolve` applies defaults → config file → flags.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where the proxy listens (port 0 picks a free one).", valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("Directory of the local CA; created on first start. (default: certs)", valueName: "dir"))
    var certs: String?

    @Option(help: ArgumentHelp("Config file; every flag can be set there, flags win. (default: config/tlspeek.toml when present)", valueName: "file"))
    var config: String?

    @Option(name: .customLong("allow-hosts"), help: ArgumentHelp(
        "Intercept only hosts matching this pattern (repeatable); all others are tunnelled untouched.",
        discussion: HostPatternHelp.text, valueName: "pattern"))
    var allowHosts: [String] = []

    @Option(name: .customLong("ignore-hosts"), help: ArgumentHelp(
        "Tunnel hosts matching this pattern untouched (repeatable): no interception, the client sees the real certificate.",
        valueName: "pattern"))
    var ignoreHosts: [String] = []

    @Option(name: .customLong("allow-ports"), help: ArgumentHelp(
        "Let CONNECT and absolute-form requests reach only these target ports (repeatable; a port or a range like 8000-8999); others get 403. (default: every port)",
        valueName: "ports"))
    var allowPorts: [String] = []

    @Option(name: .customLong("deny-ports"), help: ArgumentHelp(
        "Refuse these target ports with 403 (repeatable; a port or a range); wins over --allow-ports.", valueName: "ports"))
    var denyPorts: [String] = []

    @Option(help: ArgumentHelp("Append NSS key log lines (SSLKEYLOGFILE format) for both legs. (default: $SSLKEYLOGFILE)", valueName: "file"))
    var keylog: String?

    @Option(name: .customLong("keylog-hosts"), help: ArgumentHelp(
        "Log keys only for intercepted connections whose CONNECT host or SNI matches this pattern (repeatable). (default: every connection)",
        valueName: "pattern"))
    var keylogHosts: [String] = []

    @Option(help: ArgumentHelp("JSON Lines record of handshakes and flows (- = stdout).", valueName: "file"))
    var log: String?

    @Option(help: ArgumentHelp("HAR 1.2 of every HTTP exchange (plain and decrypted), complete and valid after a clean stop.", valueName: "file"))
    var har: String?

    @Option(name: .customLong("upstream-ca"), help: ArgumentHelp(
        "Extra trust anchors (PEM) for upstream servers, on top of the system store (repeatable).", valueName: "file"))
    var upstreamCA: [String] = []

    @Option(help: ArgumentHelp(
        "Show only matching records on the console, in --log and in --har (interception is unchanged); '' shows all.",
        discussion: FilterHelp.text, valueName: "expr"))
    var filter: String?

    @Option(name: .customLong("timeout-connect"), help: ArgumentHelp(
        "Seconds a TCP connect (and, separately, the TLS handshake) to an origin may take. (default: 10)", valueName: "s"))
    var timeoutConnect: Int?

    @Option(name: .customLong("timeout-request-head"), help: ArgumentHelp(
        "Seconds a client has to send a complete request head; then 408 and close. (default: 30)", valueName: "s"))
    var timeoutRequestHead: Int?

    @Option(name: .customLong("timeout-idle"), help: ArgumentHelp(
        "Seconds a client connection or tunnel may stay without traffic before it is closed. (default: 300)", valueName: "s"))
    var timeoutIdle: Int?

    @Option(name: .customLong("timeout-response"), help: ArgumentHelp(
        "Seconds an origin has to start answering a request; then 504. (default: 60)", valueName: "s"))
    var timeoutResponse: Int?

    @Flag(help: "Do not verify upstream certificates (every affected record is marked).")
    var insecure = false

    @Flag(name: .customLong("reuse-upstream"), help: """
        Share idle upstream connections between client connections to the same host (like squid): fewer upstream \
        handshakes and less memory per idle client connection; an exchange's upstream tls record may then belong \
        to another connection.
        """)
    var reuseUpstream = false

    @Flag(name: .customLong("allow-remote"), help: "Allow --listen on a non-loopback address (other machines could use your CA).")
    var allowRemote = false

    @Flag(name: .short, help: "More console detail: -v handshake transcripts and headers, -vv also bodies.")
    var verbose: Int

    @Flag(name: .short, help: "Quiet console: errors only.")
    var quiet = false

    /// Defaults, then the config file (the named one, or config/tlspeek.toml when present), then flags.
    func resolve(environment: [String: String], readFile: (String) throws -> String?) throws -> Settings {
        var settings = Settings(environment: environment)
        let configPath = config ?? Settings.defaultConfigPath
        if let text = try readFile(configPath) {
            try settings.apply(ConfigFile(path: configPath, text: text))
        } else if config != nil {
            throw ValidationError("config file \(configPath) does not exist")
        }
        if let listen { settings.listen = listen }
        if let certs { settings.certs = certs }
        if !allowHosts.isEmpty { settings.allowHosts = allowHosts }
        if !ignoreHosts.isEmpty { settings.ignoreHosts = ignoreHosts }
        if !allowPorts.isEmpty { settings.allowPorts = allowPorts }
        if !denyPorts.isEmpty { settings.denyPorts = denyPorts }
        if let keylog { settings.keylog = keylog }
        if !keylogHosts.isEmpty { settings.keylogHosts = keylogHosts }
        if let log { settings.log = log }
        if let har { settings.har = har }
        if !upstreamCA.isEmpty { settings.upstreamCA = upstreamCA }
        let timeoutFlags: [(String, Int?, WritableKeyPath<Settings.Timeouts, Int>)] = [
            ("--timeout-connect", timeoutConnect, \.connect), ("--timeout-request-head", timeoutRequestHead, \.requestHead),
            ("--timeout-idle", timeoutIdle, \.idle), ("--timeout-response", timeoutResponse, \.response),
        ]
        for (flag, value, keyPath) in timeoutFlags {
            guard let value else { continue }
            guard value > 0 else { throw ValidationError("\(flag) must be a whole number of seconds above 0") }
            settings.timeouts[keyPath: keyPath] = value
        }
        if insecure { settings.insecure = true }
        if allowRemote { settings.allowRemote = true }
        if reuseUpstream { settings.reuseUpstream = true }
        if let filter {
            do {
                settings.filter = try Settings.displayFilter(filter)
            } catch {
                throw ValidationError("invalid --filter: \(error)")
            }
        }
        if quiet { settings.verbosity = .quiet }
        if verbose > 0 { settings.verbosity = verbose >= 2 ? .debug : .verbose }
        return settings
    }
}

extension Settings {
    /// Read when it exists and no --config is given.
    public static let defaultConfigPath = "config/tlspeek.toml"
}

/// The display filter grammar, shown in `--help` and mirrored in the README.
enum FilterHelp {
    static let text = """
    EXPR is made of terms joined by `and`, `or`, `not` and parentheses; `not` binds tighter than \
    `and`, `and` tighter than `or`, and terms side by side mean `and`. Terms: host:GLOB (the URL \
    host; the CONNECT host or SNI of TLS records; the host of tunnel and error records), \
    path:GLOB (the URL path without the query, case-sensitive), method:NAME, status:CODE or \
    status:4xx, type:TEXT (part of the response content type), tls:1.0|1.1|1.2|1.3. Globs use \
    the host pattern rule (`*`, `?`). Quote values with spaces or parentheses: \
    type:"text/html; charset=utf-8". A term that does not apply to a record (status: on a TLS \
    handshake) is false for it. The console always shows error records. \
    Example: --filter 'host:*.example.com and (status:5xx or tls:1.2)'.
    """
}

/// The host pattern rule, shown in `--help` and mirrored in the README.
enum HostPatternHelp {
    static let text = """
    PATTERN is a shell-style glob on the host name, optionally with :PORT. Matching is \
    case-insensitive; `*` matches any run of characters including dots, `?` one character. \
    `*.example.com` matches `www.example.com` and `a.b.example.com` but not `example.com` itself \
    (give both). Without :PORT a pattern matches every port. IP literals match as text \
    (`10.0.0.*`); write IPv6 in brackets: `[::1]:443`. The pattern is matched against the CONNECT \
    host (or the absolute URL's host) before any TLS is read.
    """
}
