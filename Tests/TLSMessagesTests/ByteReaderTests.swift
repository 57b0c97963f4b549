import TLSMessages
import XCTest

final class ByteReaderTests: XCTestCase {
    func testReadsBigEndianIntegers() throws {
        var reader = ByteReader([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A])
        XCTAssertEqual(try reader.u8("a"), 0x01)
        XCTAssertEqual(try reader.u16("b"), 0x0203)
        XCTAssertEqual(try reader.u24("c"), 0x040506)
        XCTAssertEqual(try reader.u32("d"), 0x0708090A)
        XCTAssertTrue(reader.isAtEnd)
    }

    func testFixedFieldPastTheEndNamesFieldAndOffset() {
        var reader = ByteReader([0xAA, 0xBB, 0xCC])
        XCTAssertNoThrow(try reader.u8("first"))
        XCTAssertThrowsError(try reader.u32("value")) { error in
            XCTAssertEqual(error as? TLSParseError,
                           TLSParseError(field: "value", offset: 1, problem: .truncated(needed: 4, available: 2)))
        }
    }

    func testVectorLongerThanBufferNamesFieldAndOffset() {
        var reader = ByteReader([0x00, 0x00, 0xFF, 0x01, 0x02])
        XCTAssertNoThrow(try reader.u8("skip"))
        XCTAssertThrowsError(try reader.vector("names", prefix: .twoBytes)) { error in
            let parseError = error as? TLSParseError
            XCTAssertEqual(parseError, TLSParseError(field: "names", offset: 1,
                                                     problem: .lengthExceedsBuffer(declared: 255, available: 2)))
            XCTAssertEqual(parseError?.description, "names at offset 1: length 255 exceeds the 2 bytes left")
        }
    }

    func testVectorReaderIsConfinedAndKeepsAbsoluteOffsets() throws {
        var reader = ByteReader([0x09, 0x02, 0x01, 0x02, 0x03])
        _ = try reader.u8("skip")
        var inner = try reader.vector("inner", prefix: .oneByte)
        XCTAssertEqual(inner.offset, 2)
        XCTAssertEqual(inner.rest(), [0x01, 0x02])
        XCTAssertThrowsError(try inner.u8("beyond"))
        XCTAssertEqual(try reader.u8("after"), 0x03)
    }

    func testOddLengthU16ListIsAnError() {
        var reader = ByteReader([0x00, 0x03, 0x13, 0x01, 0x13])
        XCTAssertThrowsError(try reader.u16List("cipher_suites", prefix: .twoBytes)) { error in
            XCTAssertEqual((error as? TLSParseError)?.field, "cipher_suites")
            XCTAssertEqual((error as? TLSParseError)?.offset, 4)
        }
    }

    func testElementsThatConsumeNothingStopInsteadOfLooping() {
        var reader = ByteReader([0x01, 0x02])
        XCTAssertThrowsError(try reader.elements("list") { _ throws(TLSParseError) in 0 }) { error in
            XCTAssertEqual(error as? TLSParseError,
                           TLSParseError(field: "list", offset: 0, problem: .invalid("element of zero length")))
        }
    }

    func testExpectEndReportsTrailingBytes() throws {
        var reader = ByteReader([0x01, 0x02, 0x03])
        _ = try reader.u8("first")
        XCTAssertThrowsError(try reader.expectEnd("record")) { error in
            XCTAssertEqual(error as? TLSParseError,
                           TLSParseError(field: "record", offset: 1, problem: .trailingBytes(count: 2)))
        }
    }
}
