import Foundation
import TLS

/// The text of `tlspeek ca show`: what the CA is, where its files are, and how to trust it.
/// A pure function of the certificate, its key type and its (absolute) file paths.
public struct CADescription: Sendable {
    public let subject: String
    public let sha256Fingerprint: String
    public let notBefore: Date
    public let notAfter: Date
    public let keyType: String
    public let serialHex: String
    public let files: CAFiles

    public init(certificate: Certificate, files: CAFiles) {
        subject = certificate.subject
        sha256Fingerprint = certificate.sha256Fingerprint
        notBefore = Date(timeIntervalSince1970: certificate.notBefore)
        notAfter = Date(timeIntervalSince1970: certificate.notAfter)
        keyType = certificate.publicKeyDescription
        serialHex = certificate.serialHex
        self.files = files
    }

    public init(authority: CertificateAuthority) {
        self.init(certificate: authority.certificate, files: authority.files)
    }

    public var text: String {
        let pem = Self.shellQuoted(files.certificate)
        return """
        tlspeek CA
          subject      \(subject)
          SHA-256      \(sha256Fingerprint)
          valid from   \(Self.iso8601(notBefore))
          valid until  \(Self.iso8601(notAfter))
          key          \(keyType)
          serial       \(serialHex)

        Files
          certificate  \(files.certificate)   (PEM: give this one to clients)
          DER          \(files.certificateDER)   (the same certificate in DER)
          private key  \(files.privateKey)   (mode 0600; keep it secret, never commit it)

        Trust it (only on machines you debug from; anyone with the key can intercept your TLS)
          curl
            curl --cacert \(pem) -x http://127.0.0.1:8080 https://example.com/
            export CURL_CA_BUNDLE=\(pem)
          Python requests (this replaces its default bundle, so use it only while proxying)
            export REQUESTS_CA_BUNDLE=\(pem)
            (urllib, httpx and OpenSSL-based tools: export SSL_CERT_FILE=\(pem))
          Chromium / Chrome on Linux (NSS, package libnss3-tools), then restart the browser
            certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n tlspeek -i \(pem)
            undo: certutil -d sql:$HOME/.pki/nssdb -D -n tlspeek
          Firefox (its own store)
            Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import…,
            choose \(files.certificate) and tick "Trust this CA to identify websites"
            or: certutil -d sql:<profile directory> -A -t "C,," -n tlspeek -i \(pem)
            or policies.json: {"policies": {"Certificates": {"Install": [\(Self.jsonQuoted(files.certificate))]}}}
          Debian / Ubuntu system store (curl, wget, Python ssl, Go, …)
            sudo cp \(pem) /usr/local/share/ca-certificates/tlspeek.crt && sudo update-ca-certificates
            undo: sudo rm /usr/local/share/ca-certificates/tlspeek.crt && sudo update-ca-certificates --fresh

        """
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// `path` as one shell word (single-quoted when it holds anything but safe characters).
    static func shellQuoted(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/._-+,:@%".unicodeScalars.contains($0)
        }
        return safe ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
