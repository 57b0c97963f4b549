import TLSMessages
import COpenSSL

/// One-shot message digests from OpenSSL.
public enum Digest {
    /// MD5 as lower-case hex — only for fingerprints that are defined with it (JA3), never for security.
    public static func md5Hex(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(text.utf8)
        EVP_Digest(bytes, bytes.count, &digest, &length, EVP_md5(), nil)
        return Hex.string(digest.prefix(Int(length)))
    }
}
