import Foundation

/// Certificates for test peers, made with the `openssl` command line — independent of tlspeek's
/// own X.509 code so that tests check tlspeek against a second implementation.
public struct TestPKI {
    public let directory: TemporaryDirectory
    /// The test CA that signs origin certificates.
    public let caCertificatePath: String
    public let caKeyPath: String

    public init() throws {
        directory = try TemporaryDirectory(prefix: "tlspeek-pki")
        caCertificatePath = directory.file("test-ca.pem")
        caKeyPath = directory.file("test-ca.key")
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", caKeyPath, "-out", caCertificatePath, "-days", "30",
                          "-subj", "/CN=tlspeek test CA",
                          "-addext", "basicConstraints=critical,CA:TRUE",
                          "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    /// Issues from an existing CA, e.g. tlspeek's own `certs/ca.pem` and `certs/ca.key.pem`.
    public init(caCertificatePath: String, caKeyPath: String) throws {
        directory = try TemporaryDirectory(prefix: "tlspeek-pki")
        self.caCertificatePath = caCertificatePath
        self.caKeyPath = caKeyPath
    }

    public struct Leaf {
        public let certificatePath: String
        public let keyPath: String
    }

    /// The key a test certificate gets.
    public enum KeyType {
        case ecP256
        case rsa(bits: Int)

        var newKeyArguments: [String] {
            switch self {
            case .ecP256: return ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
            case .rsa(let bits): return ["-newkey", "rsa:\(bits)"]
            }
        }
    }

    /// Issues a server certificate for `names` (DNS names or IP literals). `notBefore`/`notAfter`
    /// make expired or not-yet-valid certificates; `selfSigned` skips the test CA, `issuer` signs
    /// with another certificate (see `issueIntermediate`); `key`, `digest` and `extendedKeyUsage`
    /// make weak or unfit ones.
    public func issueServerCertificate(_ name: String, names: [String], notBefore: String? = nil,
                                       notAfter: String? = nil, selfSigned: Bool = false, issuer: Leaf? = nil,
                                       key keyType: KeyType = .ecP256, digest: String = "sha256",
                                       extendedKeyUsage: String = "serverAuth") throws -> Leaf {
        let sans = names.map { IPv4OrV6.isLiteral($0) ? "IP:\($0)" : "DNS:\($0)" }.joined(separator: ",")
        return try issue(name, subject: names.first ?? name, keyType: keyType, digest: digest, issuer: issuer,
                         extensions: "subjectAltName=\(sans)\nextendedKeyUsage=\(extendedKeyUsage)\nbasicConstraints=CA:FALSE\n",
                         notBefore: notBefore, notAfter: notAfter, selfSigned: selfSigned)
    }

    /// A certificate signed by the test CA that signs leaves; `isCA: false` makes one that must not.
    public func issueIntermediate(_ name: String, isCA: Bool) throws -> Leaf {
        try issue(name, subject: "tlspeek test intermediate \(name)", keyType: .ecP256, digest: "sha256", issuer: nil,
                  extensions: "basicConstraints=critical,CA:\(isCA ? "TRUE" : "FALSE")\nkeyUsage=critical,keyCertSign,digitalSignature\n",
                  notBefore: nil, notAfter: nil, selfSigned: false)
    }

    /// A copy of `leaf` whose signature has one byte flipped (same key, same fields).
    public func corruptingSignature(of leaf: Leaf, as name: String) throws -> Leaf {
        let der = directory.file("\(name).der")
        let cert = directory.file("\(name).pem")
        try Self.openssl(["x509", "-in", leaf.certificatePath, "-outform", "DER", "-out", der])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: der))
        // The signature value is the certificate's last field, so its last byte is the file's.
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: der))
        try Self.openssl(["x509", "-inform", "DER", "-in", der, "-out", cert])
        return Leaf(certificatePath: cert, keyPath: leaf.keyPath)
    }

    private func issue(_ name: String, subject: String, keyType: KeyType, digest: String, issuer: Leaf?,
                       extensions: String, notBefore: String?, notAfter: String?, selfSigned: Bool) throws -> Leaf {
        let key = directory.file("\(name).key")
        let csr = directory.file("\(name).csr")
        let cert = directory.file("\(name).pem")
        let ext = directory.file("\(name).ext")
        try extensions.write(toFile: ext, atomically: true, encoding: .utf8)
        try Self.openssl(["req", "-new"] + keyType.newKeyArguments + ["-nodes", "-keyout", key, "-out", csr,
                                                                     "-subj", "/CN=\(subject)"])
        if notBefore != nil || notAfter != nil {
            // `openssl ca` is the only CLI route to arbitrary dates.
            return try issueWithDates(name: name, csr: csr, ext: ext, key: key, cert: cert,
                                      notBefore: notBefore ?? "20200101000000Z", notAfter: notAfter ?? "20991231235959Z",
                                      selfSigned: selfSigned)
        }
        var arguments = ["x509", "-req", "-in", csr, "-out", cert, "-extfile", ext, "-\(digest)", "-days", "30"]
        let signer = issuer ?? Leaf(certificatePath: caCertificatePath, keyPath: caKeyPath)
        arguments += selfSigned ? ["-key", key] : ["-CA", signer.certificatePath, "-CAkey", signer.keyPath,
                                                   "-CAserial", directory.file("serial"), "-CAcreateserial"]
        try Self.openssl(arguments)
        return Leaf(certificatePath: cert, keyPath: key)
    }

    /// Uses `openssl ca` with explicit -startdate/-enddate (format YYYYMMDDHHMMSSZ).
    private func issueWithDates(name: String, csr: String, ext: String, key: String, cert: String,
                                notBefore: String, notAfter: String, selfSigned: Bool) throws -> Leaf {
        let caDirectory = directory.file("ca-\(name)")
        try FileManager.default.createDirectory(atPath: caDirectory, withIntermediateDirectories: true)
        try "".write(toFile: caDirectory + "/index.txt", atomically: true, encoding: .utf8)
        let config = """
        [ca]
        default_ca = test
        [test]
        database = \(caDirectory)/index.txt
        new_certs_dir = \(caDirectory)
        serial = \(caDirectory)/serial
        default_md = sha256
        policy = anything
        unique_subject = no
        copy_extensions = none
        [anything]
        commonName = supplied
        """
        try config.write(toFile: caDirectory + "/ca.cnf", atomically: true, encoding: .utf8)
        try "01\n".write(toFile: caDirectory + "/serial", atomically: true, encoding: .utf8)
        var arguments = ["ca", "-batch", "-config", caDirectory + "/ca.cnf", "-in", csr, "-out", cert,
                         "-startdate", notBefore, "-enddate", notAfter, "-extfile", ext, "-notext"]
        arguments += selfSigned ? ["-selfsign", "-keyfile", key] : ["-cert", caCertificatePath, "-keyfile", caKeyPath]
        try Self.openssl(arguments)
        return Leaf(certificatePath: cert, keyPath: key)
    }

    @discardableResult
    public static func openssl(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run("openssl", arguments)
        guard result.status == 0 else {
            throw ChildProcess.Failure(description: "openssl \(arguments.joined(separator: " ")) failed:\n\(result.output)")
        }
        return result.output
    }
}

enum IPv4OrV6 {
    static func isLiteral(_ text: String) -> Bool {
        text.contains(":") || text.split(separator: ".").count == 4 && text.allSatisfy { $0.isNumber || $0 == "." }
    }
}
