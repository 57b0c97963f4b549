import Foundation
import TLS

/// Reads and writes a CA's files. It never overwrites or "repairs" an existing CA: anything
/// unexpected is a `CAError` naming the file.
enum CAStore {
    /// Loads the CA in `files.directory`.
    ///
    /// If `ca.pem` and `ca.key.pem` are valid and match but `ca.der` is missing, `ca.der` is
    /// re-derived from `ca.pem` (it is only a second encoding of the same certificate).
    static func load(_ files: CAFiles) throws -> (Certificate, PrivateKey) {
        switch try FileSystem.entry(at: files.directory) {
        case .directory: break
        case .missing: throw CAError.notFound(directory: files.directory)
        case .regularFile, .other: throw CAError.wrongFileType(path: files.directory, expected: "directory")
        }
        let present = try presentFiles(files)
        let core = [CAFiles.certificateName, CAFiles.privateKeyName]
        if present.isEmpty { throw CAError.notFound(directory: files.directory) }
        let missingCore = core.filter { !present.contains($0) }
        if !missingCore.isEmpty {
            let all = [CAFiles.certificateName, CAFiles.certificateDERName, CAFiles.privateKeyName]
            throw CAError.incomplete(directory: files.directory, present: all.filter(present.contains),
                                     missing: missingCore)
        }

        let key = try loadKey(files.privateKey)
        let certificate = try loadCertificate(files.certificate)
        guard certificate.isCertificateAuthority else {
            throw CAError.notACertificateAuthority(path: files.certificate)
        }
        guard certificate.matches(key) else {
            throw CAError.keyMismatch(certificate: files.certificate, key: files.privateKey)
        }
        if present.contains(CAFiles.certificateDERName) {
            guard try FileSystem.readFile(files.certificateDER) == certificate.derBytes else {
                throw CAError.derMismatch(der: files.certificateDER, pem: files.certificate)
            }
        } else {
            try FileSystem.createExclusively(files.certificateDER, contents: certificate.derBytes, permissions: 0o644)
        }
        return (certificate, key)
    }

    /// Loads the CA in `files.directory`, or creates one there when none of its files exists
    /// (creating the directory with mode 0700 if needed). Returns whether it was created.
    ///
    /// If another process is creating the CA at the same moment, this one sees its files appear
    /// one by one (`incomplete`, `createdConcurrently`): it retries for about a second before
    /// reporting that, so two tlspeeks started together share one CA.
    static func loadOrCreate(_ files: CAFiles, keyKind: PrivateKey.Kind, subject: CASubject,
                             now: Date) throws -> (Certificate, PrivateKey, created: Bool) {
        var attempt = 0
        while true {
            do {
                return try loadOrCreateOnce(files, keyKind: keyKind, subject: subject, now: now)
            } catch CAError.incomplete(_, _, _) where attempt < 10, CAError.createdConcurrently(_) where attempt < 10 {
                attempt += 1
                usleep(100_000)
            }
        }
    }

    private static func loadOrCreateOnce(_ files: CAFiles, keyKind: PrivateKey.Kind, subject: CASubject,
                                         now: Date) throws -> (Certificate, PrivateKey, created: Bool) {
        try FileSystem.makeDirectory(files.directory)
        if try !presentFiles(files).isEmpty {
            let (certificate, key) = try load(files)
            return (certificate, key, false)
        }
        let (certificate, key) = try RootCertificate.generate(keyKind: keyKind, subject: subject, now: now)
        try create(files, certificate: certificate, key: key)
        return (certificate, key, true)
    }

    /// Publishes the key (0600), then ca.der and last ca.pem (0644), each without replacing
    /// anything; on failure, removes the files this call published. ca.pem goes last because a
    /// CA counts as present once ca.pem and ca.key.pem exist: a concurrent reader then finds
    /// ca.der too (and never re-derives it), and nothing can fail after the CA became visible.
    private static func create(_ files: CAFiles, certificate: Certificate, key: PrivateKey) throws {
        let keyPEM: [UInt8]
        let certificatePEM: [UInt8]
        do {
            keyPEM = try key.pemBytes()
            certificatePEM = try certificate.pemBytes()
        } catch {
            throw CAError.generationFailed(reason: "\(error)")
        }
        var published: [String] = []
        do {
            try FileSystem.createExclusively(files.privateKey, contents: keyPEM, permissions: 0o600)
            published.append(files.privateKey)
            try FileSystem.createExclusively(files.certificateDER, contents: certificate.derBytes, permissions: 0o644)
            published.append(files.certificateDER)
            try FileSystem.createExclusively(files.certificate, contents: certificatePEM, permissions: 0o644)
        } catch {
            published.forEach(FileSystem.remove)
            throw error
        }
    }

    /// The names of the CA files that exist in the directory.
    private static func presentFiles(_ files: CAFiles) throws -> Set<String> {
        var present: Set<String> = []
        for (name, path) in [(CAFiles.certificateName, files.certificate),
                             (CAFiles.certificateDERName, files.certificateDER),
                             (CAFiles.privateKeyName, files.privateKey)] {
            switch try FileSystem.entry(at: path) {
            case .missing: continue
            case .regularFile: present.insert(name)
            case .directory, .other: throw CAError.wrongFileType(path: path, expected: "regular file")
            }
        }
        return present
    }

    private static func loadKey(_ path: String) throws -> PrivateKey {
        if case .regularFile(let permissions) = try FileSystem.entry(at: path), permissions & 0o077 != 0 {
            throw CAError.insecureKeyPermissions(path: path, mode: permissions)
        }
        let bytes = try FileSystem.readFile(path)
        do {
            return try PrivateKey(pem: bytes)
        } catch {
            throw CAError.corruptFile(path: path, reason: "not a PEM private key (\(error))")
        }
    }

    private static func loadCertificate(_ path: String) throws -> Certificate {
        let bytes = try FileSystem.readFile(path)
        do {
            return try Certificate(pem: bytes)
        } catch {
            throw CAError.corruptFile(path: path, reason: "not a PEM certificate (\(error))")
        }
    }
}
