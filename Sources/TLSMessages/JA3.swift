// JA3 / JA3S (Salesforce): comma-separated decimal fields, list items joined by "-", GREASE removed.
// The caller MD5-hashes these strings; this module stays free of crypto libraries.

extension ClientHello {
    /// The JA3 string: `SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats`.
    public var ja3: String {
        [
            String(legacyVersion),
            JA3Format.decimalList(GREASE.removed(from: cipherSuites)),
            JA3Format.decimalList(GREASE.removed(from: extensions.map(\.type))),
            JA3Format.decimalList(GREASE.removed(from: supportedGroups)),
            JA3Format.decimalList(ecPointFormats.map(UInt16.init)),
        ].joined(separator: ",")
    }
}

extension ServerHello {
    /// The JA3S string: `SSLVersion,Cipher,Extensions`.
    public var ja3s: String {
        [
            String(legacyVersion),
            String(cipherSuite),
            JA3Format.decimalList(GREASE.removed(from: extensions.map(\.type))),
        ].joined(separator: ",")
    }
}

enum JA3Format {
    static func decimalList(_ values: [UInt16]) -> String {
        values.map(String.init).joined(separator: "-")
    }
}
