import Capture
import Foundation
import NIOCore
import XCTest
@testable import Proxy
import TestSupport

/// Body previews: capped copies, text or base64, gzip/deflate/br decoded.
final class BodyPreviewTests: XCTestCase {
    func testKeepsOnlyTheCapacityAcrossChunks() {
        var preview = BodyPreview()
        preview.append(ByteBuffer(repeating: 0x61, count: 3000))
        XCTAssertFalse(preview.truncated)
        preview.append(ByteBuffer(repeating: 0x62, count: 3000))
        preview.append(ByteBuffer(repeating: 0x63, count: 10))
        XCTAssertEqual(preview.bytes.count, BodyPreview.capacity)
        XCTAssertEqual(preview.bytes.last, 0x62)
        XCTAssertTrue(preview.truncated)
    }

    func testExactlyTheCapacityIsNotTruncated() {
        var preview = BodyPreview()
        preview.append(ByteBuffer(repeating: 0x61, count: BodyPreview.capacity))
        XCTAssertFalse(preview.truncated)
    }

    func testTextIsTextAndBinaryIsBase64() {
        XCTAssertEqual(BodyPreviewJSON.json(BodyPreview(Array("héllo\n".utf8)), contentEncoding: nil),
                       ["text": "héllo\n", "truncated": false])
        let binary: [UInt8] = [0x00, 0xff, 0x10, 0x80]
        XCTAssertEqual(BodyPreviewJSON.json(BodyPreview(binary), contentEncoding: nil),
                       ["text": "AP8QgA==", "encoding": "base64", "truncated": false])
    }

    func testACutPreviewEndingInsideACharacterIsStillText() {
        // 4095 ASCII bytes then "é" (2 bytes): the cap cuts the character in half.
        let bytes = Array(String(repeating: "a", count: BodyPreview.capacity - 1).utf8) + Array("é".utf8)
        let json = BodyPreviewJSON.json(BodyPreview(bytes), contentEncoding: nil)
        XCTAssertEqual(json["text"], .string(String(repeating: "a", count: BodyPreview.capacity - 1)))
        XCTAssertEqual(json["truncated"], true)
        XCTAssertNil(json["encoding"])
    }

    func testGzipAndDeflateAreDecoded() throws {
        let text = String(repeating: "compressible text ", count: 100)
        for (name, encoding) in [("gzip", "gzip"), ("zlib", "deflate"), ("raw", "deflate")] {
            let compressed = try Self.compress(text, as: name)
            let json = BodyPreviewJSON.json(BodyPreview(compressed), contentEncoding: encoding)
            XCTAssertEqual(json["encoding"], "base64", name)
            XCTAssertEqual(json["content_encoding"], .string(encoding), name)
            XCTAssertEqual(json["decoded"], ["size": .int(text.utf8.count), "text": .string(text), "truncated": false], name)
        }
    }

    func testACutGzipPreviewDecodesItsStartAndSaysSo() throws {
        // Random-ish text compresses poorly, so the 4 KiB preview holds only part of the stream.
        let text = (0..<4000).map { String($0 * 7919 % 10007) }.joined(separator: ",")
        let compressed = try Self.compress(text, as: "gzip")
        XCTAssertGreaterThan(compressed.count, BodyPreview.capacity)
        let decoded = try XCTUnwrap(BodyPreviewJSON.json(BodyPreview(compressed), contentEncoding: "gzip")["decoded"])
        XCTAssertEqual(decoded["truncated"], true)
        guard case .string(let start)? = decoded["text"] else { return XCTFail("no decoded text: \(decoded)") }
        XCTAssertFalse(start.isEmpty)
        XCTAssertTrue(text.hasPrefix(start))
    }

    func testBrotliIsDecoded() {
        // "hello brotli, hello brotli, hello brotli!\n", compressed by libbrotlienc (no encoder on the test path).
        let compressed: [UInt8] = [0x1b, 0x29, 0x00, 0x00, 0xc4, 0x6d, 0xec, 0x7b, 0x96, 0x7e, 0xef, 0xf2, 0x09, 0x41, 0x10,
                                   0xe5, 0x20, 0x92, 0xf0, 0x53, 0x8f, 0xe7, 0xf4, 0xc9, 0xdc, 0xfe, 0xd4, 0x94, 0x00]
        let json = BodyPreviewJSON.json(BodyPreview(compressed), contentEncoding: "br")
        XCTAssertEqual(json["content_encoding"], "br")
        XCTAssertEqual(json["decoded"], ["size": 42, "text": "hello brotli, hello brotli, hello brotli!\n", "truncated": false])
    }

    func testUnknownCodingsAndGarbageAreNamedNotDecoded() {
        let zstd = BodyPreviewJSON.json(BodyPreview([0x28, 0xb5, 0x2f, 0xfd]), contentEncoding: "zstd")
        XCTAssertEqual(zstd["content_encoding"], "zstd")
        XCTAssertEqual(zstd["decode_error"], "zstd is not decoded")
        XCTAssertNil(zstd["decoded"])
        let garbage = BodyPreviewJSON.json(BodyPreview(Array("not gzip at all".utf8)), contentEncoding: "gzip")
        XCTAssertEqual(garbage["decode_error"], "not valid gzip data")
    }

    /// `text` compressed by Python's zlib: `gzip`, `zlib` (HTTP deflate as specified) or `raw` deflate.
    static func compress(_ text: String, as format: String) throws -> [UInt8] {
        let wbits = ["gzip": 31, "zlib": 15, "raw": -15][format]!
        let script = "import sys,zlib,base64; c=zlib.compressobj(9, zlib.DEFLATED, \(wbits)); "
            + "sys.stdout.write(base64.b64encode(c.compress(sys.stdin.buffer.read())+c.flush()).decode())"
        let result = try CapturedProcess.run("python3", ["-c", script], input: Data(text.utf8))
        XCTAssertEqual(result.status, 0, result.output)
        return Array(try XCTUnwrap(Data(base64Encoded: result.output)))
    }
}
