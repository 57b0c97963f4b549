import XCTest
import Capture
@testable import App

final class SettingsTests: XCTestCase {
    private func resolve(_ arguments: [String], config: String? = nil, environment: [String: String] = [:]) throws -> Settings {
        let options = try RunOptions.parse(arguments)
        return try options.resolve(environment: environment) { path in
            path == (options.config ?? Settings.defaultConfigPath) ? config : nil
        }
    }

    func testDefaultsMatchTheProductContract() throws {
        let settings = try resolve([])
        XCTAssertEqual(settings.listen, "127.0.0.1:8080")
        XCTAssertEqual(settings.certs, "certs")
        XCTAssertNil(settings.keylog)
        XCTAssertFalse(settings.insecure)
        XCTAssertEqual(settings.verbosity, .normal)
    }

    func testKeylogDefaultsToSSLKEYLOGFILEAndFlagWins() throws {
        XCTAssertEqual(try resolve([], environment: ["SSLKEYLOGFILE": "/tmp/k"]).keylog, "/tmp/k")
        XCTAssertEqual(try resolve(["--keylog", "mine.log"], environment: ["SSLKEYLOGFILE": "/tmp/k"]).keylog, "mine.log")
    }

    func testConfigFileFillsAndFlagsWin() throws {
        let config = """
        listen = "127.0.0.1:9999"
        ignore-hosts = ["*.bank.example"]
        allow-hosts = ["a.example"]
        insecure = true
        verbosity = "verbose"
        upstream-ca = "extra.pem"
        """
        let fromFile = try resolve([], config: config)
        XCTAssertEqual(fromFile.listen, "127.0.0.1:9999")
        XCTAssertEqual(fromFile.ignoreHosts, ["*.bank.example"])
        XCTAssertEqual(fromFile.upstreamCA, ["extra.pem"])
        XCTAssertTrue(fromFile.insecure)
        XCTAssertEqual(fromFile.verbosity, .verbose)

        let overridden = try resolve(["--listen", "127.0.0.1:0", "--ignore-hosts", "x.example", "--ignore-hosts", "y.example", "-q"],
                                     config: config)
        XCTAssertEqual(overridden.listen, "127.0.0.1:0")
        XCTAssertEqual(overridden.ignoreHosts, ["x.example", "y.example"])
        XCTAssertEqual(overridden.allowHosts, ["a.example"], "keys without a flag keep the file's value")
        XCTAssertEqual(overridden.verbosity, .quiet)
        XCTAssertEqual(try resolve(["-vv"], config: config).verbosity, .debug)
    }

    func testPortListsFromConfigFileAndFlags() throws {
        XCTAssertEqual(try resolve([]).allowPorts, [])
        XCTAssertEqual(try resolve([]).denyPorts, [])
        let config = "allow-ports = [\"443\", \"8000-8999\"]\ndeny-ports = \"25\"\n"
        let fromFile = try resolve([], config: config)
        XCTAssertEqual(fromFile.allowPorts, ["443", "8000-8999"])
        XCTAssertEqual(fromFile.denyPorts, ["25"])
        let overridden = try resolve(["--allow-ports", "80", "--allow-ports", "1-1024", "--deny-ports", "22"], config: config)
        XCTAssertEqual(overridden.allowPorts, ["80", "1-1024"])
        XCTAssertEqual(overridden.denyPorts, ["22"])
        XCTAssertThrowsError(try resolve([], config: "deny-ports = 25\n"))
    }

    func testReuseUpstreamIsOffByDefaultAndSetByConfigFileOrFlag() throws {
        XCTAssertFalse(try resolve([]).reuseUpstream)
        XCTAssertTrue(try resolve([], config: "reuse-upstream = true\n").reuseUpstream)
        XCTAssertTrue(try resolve(["--reuse-upstream"]).reuseUpstream)
        XCTAssertThrowsError(try resolve([], config: "reuse-upstream = 1\n")) { error in
            XCTAssertTrue("\(error)".contains("`reuse-upstream` must be true or false"), "\(error)")
        }
    }

    func testTimeoutsFromDefaultsConfigFileAndFlags() throws {
        XCTAssertEqual(try resolve([]).timeouts, Settings.Timeouts())
        let config = "timeout-idle = 600\ntimeout-response = 5\n"
        let fromFile = try resolve([], config: config)
        XCTAssertEqual([fromFile.timeouts.connect, fromFile.timeouts.requestHead, fromFile.timeouts.idle,
                        fromFile.timeouts.response], [10, 30, 600, 5])
        let overridden = try resolve(["--timeout-idle", "7", "--timeout-request-head", "2", "--timeout-connect", "3"],
                                     config: config)
        XCTAssertEqual([overridden.timeouts.connect, overridden.timeouts.requestHead, overridden.timeouts.idle,
                        overridden.timeouts.response], [3, 2, 7, 5])
        XCTAssertThrowsError(try resolve(["--timeout-idle", "0"]))
        XCTAssertThrowsError(try resolve([], config: "timeout-idle = \"5\"")) { error in
            XCTAssertTrue("\(error)".contains("`timeout-idle` must be a whole number of seconds above 0"), "\(error)")
        }
    }

    func testUnknownKeyAndBadValueAreErrorsNamingKeyAndFile() throws {
        XCTAssertThrowsError(try resolve(["--config", "my.toml"], config: "lisen = \"x\"")) { error in
            XCTAssertEqual("\(error)".prefix(10), "my.toml:1:")
            XCTAssertTrue("\(error)".contains("unknown key `lisen`"), "\(error)")
        }
        XCTAssertThrowsError(try resolve([], config: "\ninsecure = \"yes\"")) { error in
            XCTAssertTrue("\(error)".hasPrefix("config/tlspeek.toml:2:"), "\(error)")
            XCTAssertTrue("\(error)".contains("`insecure` must be true or false"), "\(error)")
        }
        XCTAssertThrowsError(try resolve([], config: "verbosity = \"loud\"")) { error in
            XCTAssertTrue("\(error)".contains("`verbosity` must be one of quiet, normal, verbose, debug"), "\(error)")
        }
    }

    func testMissingExplicitConfigFileIsAnError() {
        XCTAssertThrowsError(try resolve(["--config", "nope.toml"])) { error in
            XCTAssertTrue("\(error)".contains("nope.toml does not exist"), "\(error)")
        }
    }

    func testFilterFromFileOrFlagFlagWinsAndEmptyClears() throws {
        let config = #"filter = "host:*.example.com status:5xx""#
        let fromFile = try resolve([], config: config)
        XCTAssertEqual(fromFile.filter, try FilterExpression(parsing: "host:*.example.com and status:5xx"))
        XCTAssertEqual(try resolve(["--filter", "not method:GET"], config: config).filter, .not(.term(.method("GET"))))
        XCTAssertNil(try resolve(["--filter", ""], config: config).filter, "--filter '' clears the file's filter")
        XCTAssertNil(try resolve([]).filter)
    }

    func testFilterSyntaxErrorsNameTheSourceAndColumn() throws {
        XCTAssertThrowsError(try resolve(["--filter", "host:a.com and ("])) { error in
            XCTAssertTrue("\(error)".hasPrefix("invalid --filter: expected a term at column 17\n"), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("\n    host:a.com and (\n                    ^"), "\(error)")
        }
        XCTAssertThrowsError(try resolve([], config: "\nfilter = \"status:99\"")) { error in
            XCTAssertTrue("\(error)".hasPrefix("config/tlspeek.toml:2: invalid `filter`: `status:` needs"), "\(error)")
        }
        XCTAssertThrowsError(try resolve([], config: "filter = [\"host:a\"]")) { error in
            XCTAssertTrue("\(error)".contains("`filter` must be a quoted string"), "\(error)")
        }
    }

    func testKeylogHostsFromFileOrRepeatedFlag() throws {
        let config = #"keylog-hosts = ["*.example.com", "api.test:8443"]"#
        XCTAssertEqual(try resolve([], config: config).keylogHosts, ["*.example.com", "api.test:8443"])
        XCTAssertEqual(try resolve(["--keylog-hosts", "a.test", "--keylog-hosts", "b.test"], config: config).keylogHosts,
                       ["a.test", "b.test"])
        XCTAssertEqual(try resolve([]).keylogHosts, [])
    }
}

final class ListenPolicyTests: XCTestCase {
    func testLoopbackNeedsNothing() throws {
        for host in ["127.0.0.1", "127.1.2.3", "::1", "localhost", "LOCALHOST"] {
            XCTAssertNil(try ListenPolicy.check(host: host, allowRemote: false), host)
        }
    }

    func testOtherAddressesNeedAllowRemoteAndWarn() throws {
        for host in ["0.0.0.0", "::", "192.0.2.7", "example.com"] {
            XCTAssertThrowsError(try ListenPolicy.check(host: host, allowRemote: false), host) { error in
                XCTAssertTrue("\(error)".contains("--allow-remote"), "\(error)")
            }
            XCTAssertTrue(try ListenPolicy.check(host: host, allowRemote: true)?.hasPrefix("warning:") == true, host)
        }
    }

    func testAllowRemoteFromFlagAndConfig() throws {
        XCTAssertTrue(try RunOptions.parse(["--allow-remote"]).resolve(environment: [:]) { _ in nil }.allowRemote)
        XCTAssertTrue(try RunOptions.parse([]).resolve(environment: [:]) { _ in "allow-remote = true" }.allowRemote)
    }
}
