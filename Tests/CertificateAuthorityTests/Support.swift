import CertificateAuthority
import Foundation
import TestSupport
import TLS
import XCTest

struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs `openssl` and returns its output, failing the test on a non-zero exit.
@discardableResult
func openssl(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let result = try ChildProcess.run("openssl", arguments)
    guard result.status == 0 else {
        XCTFail("openssl \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.output)", file: file, line: line)
        throw TestFailure(description: result.output)
    }
    return result.output
}

/// Runs `openssl` and returns its exit status and output without judging them.
func opensslStatus(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try ChildProcess.run("openssl", arguments)
}

/// Writes `certificate` as PEM into `directory` and returns the path.
func writePEM(_ certificate: Certificate, named name: String, in directory: TemporaryDirectory) throws -> String {
    let path = directory.file(name)
    try Data(try certificate.pemBytes()).write(to: URL(fileURLWithPath: path))
    return path
}

/// The permission bits of `path`, e.g. 0o600.
func permissions(_ path: String) throws -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { throw TestFailure(description: "stat \(path) failed") }
    return Int(info.st_mode & 0o777)
}

/// Contents, modification time, inode and mode of every file in a directory: compare two
/// snapshots to prove nothing was rewritten.
struct DirectorySnapshot: Equatable {
    struct FileState: Equatable {
        let contents: Data
        let modification: timespec
        let inode: UInt
        let mode: UInt32

        static func == (lhs: FileState, rhs: FileState) -> Bool {
            lhs.contents == rhs.contents && lhs.inode == rhs.inode && lhs.mode == rhs.mode
                && lhs.modification.tv_sec == rhs.modification.tv_sec
                && lhs.modification.tv_nsec == rhs.modification.tv_nsec
        }
    }

    let files: [String: FileState]

    init(_ directory: String) throws {
        var files: [String: FileState] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let path = directory + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            files[name] = FileState(contents: try Data(contentsOf: URL(fileURLWithPath: path)),
                                    modification: info.st_mtim, inode: UInt(info.st_ino), mode: info.st_mode)
        }
        self.files = files
    }
}

/// A fresh CA in a temporary directory.
struct TestCA {
    let directory: TemporaryDirectory
    let authority: CertificateAuthority
    var files: CAFiles { authority.files }

    init(keyKind: PrivateKey.Kind = .ecP256) throws {
        directory = try TemporaryDirectory(prefix: "tlspeek-ca")
        let (authority, created) = try CertificateAuthority.loadOrCreate(directory: directory.file("certs"), keyKind: keyKind)
        XCTAssertTrue(created)
        self.authority = authority
    }
}

/// Asserts that `body` throws the `CAError` `expected`.
func XCTAssertThrowsCAError<T>(_ body: @autoclosure () throws -> T, _ expected: CAError,
                               file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual(error as? CAError, expected, "\(error)", file: file, line: line)
    }
}
