import Foundation
import TestSupport

/// Where the built `tlspeek` executable is: next to the test bundle after `swift build --build-tests`
/// (the tests treat it as a black box, so they find the file rather than link the module).
enum TLSPeekBinary {
    static let path: String = {
        let besideBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("tlspeek").path
        if FileManager.default.isExecutableFile(atPath: besideBundle) { return besideBundle }
        // E.g. a runner that launches the bundle from elsewhere: ask SwiftPM for the build directory.
        if let result = try? ChildProcess.run("swift", ["build", "--show-bin-path"]), result.status == 0,
           let directory = result.output.split(separator: "\n").last {
            return String(directory) + "/tlspeek"
        }
        return besideBundle
    }()
}
