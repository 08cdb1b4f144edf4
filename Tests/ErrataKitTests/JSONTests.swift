import XCTest
@testable import ErrataKit

final class JSONTests: XCTestCase {
    func testPythonFloatRepr() {
        let cases: [(Double, String)] = [
            (0.9, "0.9"), (1.0, "1.0"), (0.1 + 0.2, "0.30000000000000004"), (1e-05, "1e-05"),
            (0.0001, "0.0001"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (123.456, "123.456"),
            (-2.5, "-2.5"), (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
            (0.0, "0.0"), (12345678901234567890.0, "1.2345678901234567e+19"), (1.5e-7, "1.5e-07"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(PythonFloat.repr(value), expected, "repr(\(value))")
        }
    }

    func testNumbersKeepIntegerOrFloat() throws {
        let value = try Fixtures.parse(#"{"a": 1, "b": 1.0, "c": 0.90, "d": -0, "e": 1E2, "f": 123456789012345678901234567890}"#)
        XCTAssertEqual(JSONWriter.compact(value), #"{"a": 1, "b": 1.0, "c": 0.9, "d": 0, "e": 100.0, "f": 123456789012345678901234567890}"#)
    }

    func testPrettyMatchesPythonJSONDumps() throws {
        // json.dumps(obj, indent=2, ensure_ascii=False) for this object, as Python prints it.
        let source = #"{"k": [], "o": {}, "s": "tab\t quote\" back\\ nl\n ctl\u0001 del\u007f é 证书 \u2028", "n": [1, {"x": null, "y": true}]}"#
        let expected = "{\n  \"k\": [],\n  \"o\": {},\n  \"s\": \"tab\\t quote\\\" back\\\\ nl\\n ctl\\u0001 del\u{7f} é 证书 \u{2028}\",\n  \"n\": [\n    1,\n    {\n      \"x\": null,\n      \"y\": true\n    }\n  ]\n}"
        XCTAssertEqual(JSONWriter.pretty(try Fixtures.parse(source)), expected)
    }

    func testReferenceSeedIsItsOwnCanonicalText() throws {
        try Fixtures.requireReferenceSeed()
        let text = try Fixtures.text(Fixtures.referenceSeed)
        XCTAssertEqual(JSONWriter.pretty(try Fixtures.parse(text)), text)
    }

    func testMemberOrderIsKept() throws {
        let value = try Fixtures.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        XCTAssertEqual(value.objectValue?.keys, ["z", "a", "m"])
    }

    func testSyntaxErrorsGiveLineAndColumn() {
        let cases: [(String, Int, Int, String)] = [
            ("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "expected ':'"),
            ("{\"a\": [1, 2", 1, 12, "unexpected end of input"),
            ("", 1, 1, "empty input"),
            ("{\"a\": tru}", 1, 7, "invalid literal"),
            ("{\"a\": 1} x", 1, 10, "after the JSON value"),
            ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key"),
            ("{\"a\": \"\\ud800\"}", 1, 8, "lone surrogate"),
            ("{\"a\": 01}", 1, 7, "leading zero"),
            ("{\"a\": \"x\ny\"}", 1, 9, "control character"),
            ("[1e999]", 1, 2, "number out of range"),
        ]
        for (text, line, column, message) in cases {
            do {
                _ = try JSONParser.parse(text)
                XCTFail("parsed invalid JSON: \(text)")
            } catch {
                XCTAssertEqual(error.line, line, text)
                XCTAssertEqual(error.column, column, text)
                XCTAssertTrue(error.message.contains(message), "\(error.message) should mention \(message)")
            }
        }
    }

    func testInvalidUTF8IsReportedWithItsPlace() {
        let bytes: [UInt8] = Array("{\"a\": \"ok\",\n \"b\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        do {
            _ = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer) }
            XCTFail("accepted invalid UTF-8")
        } catch {
            XCTAssertEqual(error.line, 2)
            XCTAssertEqual(error.column, 8)
            XCTAssertTrue(error.message.contains("invalid UTF-8 byte 0xC3"), error.message)
        }
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSONParser.parse(deep)) { error in
            XCTAssertTrue("\(error)".contains("nesting deeper than"), "\(error)")
        }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertNoThrow(try JSONParser.parse(fine))
    }

    func testSequenceOfDocuments() throws {
        let text = "{\"a\": 1}\n{\"b\": 2}\n\n[3]\n"
        let docs = try text.utf8CString.withUnsafeBufferPointer { raw in
            try raw.withMemoryRebound(to: UInt8.self) { buffer throws(JSONSyntaxError) in
                try JSONParser.parseSequence(UnsafeBufferPointer(rebasing: buffer.dropLast()))
            }
        }
        XCTAssertEqual(docs.map(\.line), [1, 2, 4])
    }

    func testUTF8Validation() {
        func invalid(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidByte($0) } }
        XCTAssertNil(invalid(Array("héllo 证书 😀".utf8)))
        XCTAssertEqual(invalid([0x61, 0xFF]), 1)
        XCTAssertEqual(invalid([0xC0, 0x80]), 0)          // overlong
        XCTAssertEqual(invalid([0xED, 0xA0, 0x80]), 0)    // surrogate
        XCTAssertEqual(invalid([0xF4, 0x90, 0x80, 0x80]), 0) // > U+10FFFF
        XCTAssertEqual(invalid([0x61, 0xE4, 0xB8]), 1)    // truncated
    }
}

final class PythonFloatFastPathTests: XCTestCase {
    /// The shortcut must agree with the full conversion wherever it applies.
    func testCanonicalShortcutAgreesWithRepr() {
        var rng = SystemRandomNumberGenerator()
        var literals = ["0.85", "0.1", "1.5", "0.0001", "0.00001", "0.10", "123456789012345.6", "1234567890123456.7",
                        "0.123456789012345", "0.1234567890123456", "-0.5", "00.5", "10.25", "1.0", "9007199254740993.5"]
        for _ in 0..<5000 {
            let digits = Int.random(in: 1...17, using: &rng)
            let whole = Int.random(in: 0...3, using: &rng) == 0 ? String(Int.random(in: 0...99999, using: &rng)) : "0"
            var fraction = ""
            for _ in 0..<digits { fraction.append(Character(String(Int.random(in: 0...9, using: &rng)))) }
            literals.append(whole + "." + fraction)
        }
        for literal in literals {
            let full = PythonFloat.repr(Double(literal)!)
            if PythonFloat.isCanonical(Substring(literal)) {
                XCTAssertEqual(literal, full, "shortcut taken for \(literal)")
            }
            XCTAssertEqual(JSONNumber(literal: Substring(literal)).text, full, literal)
        }
    }
}
