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

    public struct Leaf {
        public let certificatePath: String
        public let keyPath: String
    }

    /// Issues a server certificate for `names` (DNS names or IP literals). `validity` lets tests
    /// make expired or not-yet-valid certificates; `selfSigned` skips the test CA.
    public func issueServerCertificate(_ name: String, names: [String], notBefore: String? = nil,
                                       notAfter: String? = nil, selfSigned: Bool = false) throws -> Leaf {
        let key = directory.file("\(name).key")
        let csr = directory.file("\(name).csr")
        let cert = directory.file("\(name).pem")
        let ext = directory.file("\(name).ext")
        let sans = names.map { IPv4OrV6.isLiteral($0) ? "IP:\($0)" : "DNS:\($0)" }.joined(separator: ",")
        try "subjectAltName=\(sans)\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
            .write(toFile: ext, atomically: true, encoding: .utf8)
        try Self.openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", key, "-out", csr, "-subj", "/CN=\(names.first ?? name)"])
        var arguments = ["x509", "-req", "-in", csr, "-out", cert, "-extfile", ext, "-sha256"]
        arguments += selfSigned ? ["-key", key] : ["-CA", caCertificatePath, "-CAkey", caKeyPath, "-CAcreateserial"]
        if notBefore != nil || notAfter != nil {
            // `openssl ca` is the only CLI route to arbitrary dates; emulate with -days on x509 when possible.
            return try issueWithDates(name: name, csr: csr, ext: ext, key: key, cert: cert,
                                      notBefore: notBefore ?? "20200101000000Z", notAfter: notAfter ?? "20991231235959Z",
                                      selfSigned: selfSigned)
        }
        arguments += ["-days", "30"]
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
