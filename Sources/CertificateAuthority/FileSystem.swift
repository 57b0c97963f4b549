import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the CA store needs, with errors that name the path.
enum FileSystem {
    enum Entry: Equatable {
        case missing
        case directory
        /// A regular file with its permission bits (e.g. 0o600).
        case regularFile(permissions: UInt16)
        case other
    }

    /// What is at `path` (following symbolic links).
    static func entry(at path: String) throws -> Entry {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw failure(path, "stat")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile(permissions: UInt16(info.st_mode & 0o7777))
        default: return .other
        }
    }

    /// Creates `path` with mode 0700 if it is missing (parents with default modes). Returns
    /// whether it was created; throws if something other than a directory is there.
    @discardableResult
    static func makeDirectory(_ path: String) throws -> Bool {
        switch try entry(at: path) {
        case .directory: return false
        case .regularFile, .other: throw CAError.wrongFileType(path: path, expected: "directory")
        case .missing: break
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, try entry(at: parent) == .missing {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw CAError.fileSystem(path: parent, operation: "create directory", reason: "\(error.localizedDescription)")
            }
        }
        if mkdir(path, 0o700) != 0 {
            let code = errno
            if code == EEXIST, try entry(at: path) == .directory { return false }
            throw failure(path, "create directory", code)
        }
        return true
    }

    /// The whole file, refusing files larger than `limit` bytes.
    static func readFile(_ path: String, limit: Int = 1 << 20) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "open") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw CAError.corruptFile(path: path, reason: "larger than \(limit) bytes")
            }
        }
    }

    /// Writes a new file at `path` with `permissions`, never replacing an existing one.
    ///
    /// The bytes go to a temporary file created with `open(O_CREAT|O_EXCL, permissions)` and
    /// synced, which is then hard-linked to `path` (atomic, fails if `path` exists): readers never
    /// see a half-written file, and the file has its final mode from the moment it exists. Where
    /// the file system has no hard links, it falls back to writing `path` directly with O_EXCL.
    static func createExclusively(_ path: String, contents: [UInt8], permissions: mode_t) throws {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try writeNewFile(temporary, contents: contents, permissions: permissions)
        defer { unlink(temporary) }
        if link(temporary, path) == 0 {
            syncDirectory(of: path)
            return
        }
        let code = errno
        if code == EEXIST { throw CAError.createdConcurrently(path: path) }
        guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EXDEV || code == EMLINK else {
            throw failure(path, "link", code)
        }
        try writeNewFile(path, contents: contents, permissions: permissions)
        syncDirectory(of: path)
    }

    /// Removes a file this process created (best effort, used to roll back a failed creation).
    static func remove(_ path: String) {
        unlink(path)
    }

    private static func writeNewFile(_ path: String, contents: [UInt8], permissions: mode_t) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw CAError.createdConcurrently(path: path) }
            throw failure(path, "create")
        }
        var written = 0
        while written < contents.count {
            let count = contents.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure(path, "write")
                close(descriptor)
                unlink(path)
                throw error
            }
            written += count
        }
        if fsync(descriptor) != 0 {
            let error = failure(path, "fsync")
            close(descriptor)
            unlink(path)
            throw error
        }
        close(descriptor)
    }

    private static func syncDirectory(of path: String) {
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        guard directory >= 0 else { return }
        fsync(directory)
        close(directory)
    }

    private static func failure(_ path: String, _ operation: String, _ code: Int32 = errno) -> CAError {
        CAError.fileSystem(path: path, operation: operation, reason: String(cString: strerror(code)))
    }
}
