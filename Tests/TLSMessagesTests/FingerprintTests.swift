import TLSMessages
import XCTest

final class FingerprintTests: XCTestCase {
    /// The worked example of FoxIO's JA4 spec (technical_details/JA4.md), GREASE added.
    func testJA4MatchesTheSpecExample() throws {
        let hello = try XCTUnwrap(try HandshakeMessage.parse(bytes: HelloBuilder.ja4SpecClientHello(), negotiatedVersion: nil).clientHello)
        XCTAssertTrue(hello.containsGREASE)
        XCTAssertEqual(hello.ja4, "t13d1516h2_8daaf6152771_e5627efa2ab1")
        XCTAssertEqual(hello.ja4Raw, "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9"
            + "_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01"
            + "_0403,0804,0401,0503,0805,0501,0806,0601")
    }

    /// JA3 of the same hello, worked out by hand from its code points in decimal.
    func testJA3DropsGREASEAndKeepsWireOrder() throws {
        let hello = try XCTUnwrap(try HandshakeMessage.parse(bytes: HelloBuilder.ja4SpecClientHello(), negotiatedVersion: nil).clientHello)
        XCTAssertEqual(hello.ja3, "771,"
            + "4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
            + "27-0-51-16-17513-23-45-13-5-35-18-43-65281-11-10-21,"
            + "29-23,0")
        XCTAssertEqual(NameTable.cipherSuites.name(hello.cipherSuites[0]), "GREASE")
    }

    /// The worked example of FoxIO's JA4S spec (technical_details/JA4S.md).
    func testJA4SMatchesTheSpecExample() throws {
        let bytes = HelloBuilder.serverHello(cipherSuite: 0xC030, extensions: [(0x0005, []), (0x0017, []), (0xFF01, [0]), (0x0000, [])])
        let hello = try XCTUnwrap(try HandshakeMessage.parse(bytes: bytes, negotiatedVersion: nil).serverHello)
        XCTAssertEqual(hello.ja4s, "t120400_c030_4e8089b08790")
        XCTAssertEqual(hello.ja3s, "771,49200,5-23-65281-0")
    }

    /// curl's ClientHello: counts checked against the hex by hand, hashes against `sha256sum` of
    /// `00ff,1301,1302,1303` and of the sorted extensions (SNI/ALPN dropped) + "_" + signature algorithms.
    func testCurlClientHelloFingerprints() throws {
        let hello = try XCTUnwrap(try Transcript(fixture: "curl-tls13.txt").parsed("ClientHello", negotiatedVersion: nil).clientHello)
        XCTAssertEqual(hello.ja4, "t13d0412h2_16476d049b0b_85302d7e289e")
        XCTAssertEqual(hello.ja4Raw, "t13d0412h2_00ff,1301,1302,1303_000a,000b,000d,0015,0016,0017,002b,002d,0031,0033"
            + "_0403,0503,0603,0807,0808,0809,080a,080b,0804,0805,0806,0401,0501,0601")
        XCTAssertEqual(hello.ja3, "771,4866-4867-4865-255,0-11-10-16-22-23-49-13-43-45-51-21,"
            + "29-23-30-25-24-256-257-258-259-260,0-1-2")
    }

    /// JA3/JA3S of every fixture hello as Wireshark computes them: each hello wrapped in a record,
    /// `text2pcap -T`, then `tshark -e tls.handshake.ja3_full -e tls.handshake.ja3s_full` (TShark 4.0.17).
    func testJA3AndJA3SMatchWireshark() throws {
        let curl = "771,4866-4867-4865-255,0-11-10-16-22-23-49-13-43-45-51-21,29-23-30-25-24-256-257-258-259-260,0-1-2"
        let openSSL12Suites = "771,49196-49200-159-52393-52392-52394-49195-49199-158-49188-49192-107-49187-49191-103-"
            + "49162-49172-57-49161-49171-51-157-156-61-60-53-47-255"
        let expected: [(fixture: String, ja3: String, ja3s: String)] = [
            ("curl-tls13.txt", curl, "771,4866,43-51"),
            ("curl-untrusted-tls13.txt", curl, "771,4866,43-51"),
            ("s_client-tls12.txt", openSSL12Suites + ",0-11-10-35-16-22-23-13,29-23-30-25-24,0-1-2", "771,49196,65281-11-35-16-23"),
            ("s_client-tls12-mutual.txt", openSSL12Suites + ",0-11-10-35-22-23-13,29-23-30-25-24,0-1-2", "771,49196,65281-11-35-23"),
            ("s_client-tls13-hrr-mutual.txt", "771,4866-4867-4865-255,0-11-10-35-22-23-13-43-45-51,29-24,0-1-2", "771,4866,43-51"),
        ]
        for (fixture, ja3, ja3s) in expected {
            let transcript = try Transcript(fixture: fixture)
            for message in transcript.handshakes(named: "ClientHello") {
                let hello = try XCTUnwrap(try HandshakeMessage.parse(bytes: message.bytes, negotiatedVersion: nil).clientHello)
                XCTAssertEqual(hello.ja3, ja3, fixture)
            }
            for message in transcript.handshakes(named: "ServerHello") {
                let hello = try XCTUnwrap(try HandshakeMessage.parse(bytes: message.bytes, negotiatedVersion: nil).serverHello)
                XCTAssertEqual(hello.ja3s, ja3s, fixture)
            }
        }
    }

    func testTLS12ServerHelloFingerprintCarriesALPN() throws {
        let hello = try XCTUnwrap(try Transcript(fixture: "s_client-tls12.txt").parsed("ServerHello", negotiatedVersion: 0x0303).serverHello)
        XCTAssertEqual(hello.ja3s, "771,49196,65281-11-35-16-23")
        XCTAssertTrue(hello.ja4s.hasPrefix("t1205h1_c02c_"), hello.ja4s)
    }

    func testJA4EdgeCases() throws {
        // No SNI ("i"), a non-alphanumeric first ALPN byte (0x01 0x78 -> hex "0178" -> "08"), and no
        // extensions left to hash once ALPN is dropped ("000000000000").
        let bare = HelloBuilder.clientHello(cipherSuites: [0x1301], extensions: [(0x0010, HelloBuilder.alpn(["\u{1}x"]))])
        let hello = try XCTUnwrap(try HandshakeMessage.parse(bytes: bare, negotiatedVersion: nil).clientHello)
        XCTAssertEqual(hello.ja4, "t12i010108_0f2cb44170f4_000000000000")

        // No ALPN offered: "00".
        let retry = try XCTUnwrap(try Transcript(fixture: "s_client-tls13-hrr-mutual.txt").parsed("ClientHello", negotiatedVersion: nil).clientHello)
        XCTAssertTrue(retry.ja4.hasPrefix("t13d041000_"), retry.ja4)
    }
}
