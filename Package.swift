// swift-tools-version:6.0
import PackageDescription

// Module graph (acyclic, each arrow = "depends on"):
//   tlspeek (executable) → App → Proxy → CertificateAuthority → TLS → COpenSSL
//                                 App → Capture ← Proxy → CZlib, CBrotli
//   TLSMessages (no dependencies): decodes the handshake messages the TLS engine reports
//   FuzzTargets → Proxy, Capture, TLSMessages: the fuzz checks shared by Fuzz/ (libFuzzer) and the tests
let package = Package(
    name: "tlspeek",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tlspeek", targets: ["tlspeek"]),
        // For the libFuzzer package in Fuzz/, which builds it with -sanitize=fuzzer.
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The system OpenSSL 3 plus static-inline shims for macros Swift cannot import.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // The system zlib, to decode gzip/deflate body previews.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The system brotli decoder, to decode br body previews.
        .systemLibrary(
            name: "CBrotli",
            pkgConfig: "libbrotlidec",
            providers: [.apt(["libbrotli-dev"])]
        ),
        // The only Swift code that calls OpenSSL: keys, certificates, contexts, the NIO TLS handler.
        .target(
            name: "TLS",
            dependencies: [
                "COpenSSL", "TLSMessages",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The local CA: create/load it on disk, mint and cache leaf certificates.
        .target(
            name: "CertificateAuthority",
            dependencies: ["TLS"]
        ),
        // Events (TLS legs, handshake messages, flows, errors) and the sinks that record them.
        .target(
            name: "Capture",
            dependencies: []
        ),
        // Pure-Swift decoding of handshake messages, alerts, IANA names and JA3/JA4 fingerprints.
        .target(
            name: "TLSMessages",
            dependencies: []
        ),
        // The proxy: front, CONNECT, sniffing, tunnel, interception, HTTP relay, host patterns.
        .target(
            name: "Proxy",
            dependencies: [
                "TLS", "TLSMessages", "CertificateAuthority", "Capture", "CZlib", "CBrotli",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Commands, flags, the config file and the wiring of the modules above.
        .target(
            name: "App",
            dependencies: [
                "Proxy", "CertificateAuthority", "TLS", "Capture",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tlspeek",
            dependencies: ["App"]
        ),
        // Shared test helpers: temp dirs, spawning openssl/curl, free ports, a seeded random generator.
        .target(
            name: "TestSupport",
            dependencies: ["TLS"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "TLSTests",
            dependencies: [
                "TLS", "TLSMessages", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CertificateAuthorityTests",
            dependencies: ["CertificateAuthority", "TLS", "TestSupport"]
        ),
        .testTarget(
            name: "TLSMessagesTests",
            dependencies: ["TLSMessages", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CaptureTests",
            dependencies: ["Capture", "TestSupport"]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: ["App", "TestSupport"]
        ),
        .testTarget(
            name: "ProxyTests",
            dependencies: [
                "Proxy", "TestSupport", "TLS", "CertificateAuthority", "Capture",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        // Runs the built `tlspeek` binary as a child process against real peers (curl, openssl,
        // tshark, a Python origin): a black box, so it depends on the test helpers only.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TestSupport"],
            // Read by path from the source tree (python3 jsonschema validates against them).
            exclude: ["Schemas"]
        ),
        // The fuzz targets' checks: what an input must never do. Fuzz/ (libFuzzer) and
        // FuzzTargetsTests (replaying the committed corpora and regressions) both call them.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "TLSMessages", "Capture", "Proxy",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "FuzzTargetsTests",
            dependencies: ["FuzzTargets"]
        ),
    ]
)
