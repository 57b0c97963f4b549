// swift-tools-version:5.4
import PackageDescription

// Tools version 5.4: from 5.5 on, SwiftPM links executables with `main` renamed to `<module>_main`,
// which these (whose `main` is libFuzzer's) do not have.
// libFuzzer binaries, one per `FuzzTarget`, over the root package's checks. Kept apart so the
// fuzzer and sanitizer flags never reach the product's build: scripts/fuzz.sh builds this package
// with `-sanitize=fuzzer,address -parse-as-library` in its own scratch folder (Fuzz/.build).
let package = Package(
    name: "tlspeek-fuzz",
    dependencies: [
        .package(name: "tlspeek", path: ".."),
    ],
    targets: ["handshake", "host-pattern", "filter-expression", "front"].map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "FuzzTargets", package: "tlspeek")],
            path: "Sources/\(name)"
        )
    }
)
