import Capture
import Foundation

/// A body preview as an `http` record field: the bytes as they went through (UTF-8 text, or base64
/// with `"encoding": "base64"`), whether the body was longer, and for gzip/deflate/br the decoded start.
enum BodyPreviewJSON {
    static func json(_ preview: BodyPreview, contentEncoding: String?) -> JSON {
        var members = content(preview.bytes, truncated: preview.truncated)
        let coding = ContentCoding(header: contentEncoding)
        switch coding {
        case .identity:
            break
        case .decodable(let codec):
            members.append(("content_encoding", .string(codec.rawValue)))
            if let decoded = codec.decode(preview.bytes, limit: BodyPreview.capacity) {
                // `size`: decoded bytes in the preview — the whole decoded body when not truncated.
                members.append(("decoded", .object([("size", .int(decoded.bytes.count))]
                    + content(decoded.bytes, truncated: !decoded.complete))))
            } else {
                members.append(("decode_error", .string("not valid \(codec.rawValue) data")))
            }
        case .unsupported(let name):
            members.append(("content_encoding", .string(name)))
            members.append(("decode_error", .string("\(name) is not decoded")))
        }
        return .object(members)
    }

    /// `text` as UTF-8 when the bytes are text, else base64 with `encoding`, then `truncated`.
    static func content(_ bytes: [UInt8], truncated: Bool) -> [(String, JSON)] {
        if let text = text(bytes, truncated: truncated) {
            return [("text", .string(text)), ("truncated", .bool(truncated))]
        }
        return [("text", .string(Data(bytes).base64EncodedString())), ("encoding", "base64"),
                ("truncated", .bool(truncated))]
    }

    /// The bytes as text if they are UTF-8 without NULs; a cut preview may end inside a character,
    /// which is dropped.
    private static func text(_ bytes: [UInt8], truncated: Bool) -> String? {
        guard !bytes.contains(0) else { return nil }
        // A UTF-8 character is at most 4 bytes: a cut one leaves at most 3 behind.
        for dropped in 0...(truncated ? min(3, bytes.count) : 0) {
            let kept = bytes.dropLast(dropped)
            let string = String(decoding: kept, as: UTF8.self)
            if string.utf8.elementsEqual(kept) { return string }
        }
        return nil
    }
}
