import XCTest
@testable import ErrataKit

final class RecordDecoderTests: XCTestCase {
    let decoder = RecordDecoder()

    func referenceValue() throws -> JSONValue {
        try Fixtures.requireReferenceSeed()
        return try Fixtures.parse(try Fixtures.text(Fixtures.referenceSeed))
    }

    /// The reference seed with `edit` applied to its top-level object.
    func edited(_ edit: (inout JSONObject) -> Void) throws -> JSONValue {
        guard case .object(var object) = try referenceValue() else { throw XCTSkip("reference is not an object") }
        edit(&object)
        return .object(object)
    }

    func assertError(_ value: JSONValue, path: String, contains message: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try decoder.decode(value)
            XCTFail("decoded an invalid record (expected \(path): \(message))", file: file, line: line)
        } catch {
            XCTAssertEqual(error.path, path, file: file, line: line)
            XCTAssertTrue(error.message.contains(message), "\(error.message) should contain \(message)", file: file, line: line)
        }
    }

    func testReferenceDecodesToColumnsAndRows() throws {
        let record = try decoder.decode(try referenceValue())
        XCTAssertEqual(record.format, .seed)
        XCTAssertEqual(record.id, "nginx/ssl-certificate-verify-failed")
        XCTAssertNil(record.layout, "the reference has the canonical shape")
        XCTAssertEqual(record.versions.count, 5)
        XCTAssertEqual(record.deadEnds.count, 3)
        XCTAssertEqual(record.workarounds.map { $0.values["success_rate"]?.stringValue ?? ($0.values["success_rate"].map(JSONWriter.compact) ?? "") }, ["0.9", "0.85", "0.95"])
        XCTAssertEqual(record.translations[.workaroundsZh]?.count, 3)
        XCTAssertNil(record.values["subcategory"], "null members have no column value")
    }

    func testEncodeGivesTheDocumentBack() throws {
        let value = try referenceValue()
        XCTAssertEqual(RecordEncoder.encode(try decoder.decode(value)), value)
    }

    func testUnknownKeysAreKeptInPlace() throws {
        let value = try edited { object in
            object.members.insert(.init("x_team", .object(JSONObject([.init("owner", .string("sre"))]))), at: 3)
            object.members.append(.init("zz_last", .array([.number(JSONNumber(Int64(1)))])))
        }
        let record = try decoder.decode(value)
        XCTAssertNotNil(record.layout)
        XCTAssertEqual(RecordEncoder.encode(record), value)
    }

    func testMissingRequiredKeys() throws {
        for key in ["id", "signature", "domain"] {
            assertError(try edited { $0.members.removeAll { $0.key == key } }, path: "$.\(key)", contains: "missing required key")
        }
    }

    func testWrongTypes() throws {
        assertError(try edited { $0.members[1].value = .number(JSONNumber(Int64(3))) }, path: "$.signature", contains: "expected a non-empty string")
        assertError(try edited { o in o.members[o.members.firstIndex { $0.key == "tags" }!].value = .string("x") }, path: "$.tags", contains: "expected an array")
        assertError(try edited { o in o.members[o.members.firstIndex { $0.key == "confidence" }!].value = .string("high") }, path: "$.confidence", contains: "expected a number between 0 and 1")
        assertError(try edited { o in o.members[o.members.firstIndex { $0.key == "evidence_count" }!].value = .number(JSONNumber(1.5)) }, path: "$.evidence_count", contains: "expected an integer")
        assertError(.array([]), path: "$", contains: "expected a record object")
    }

    func testRateOutOfRangeNamesTheElement() throws {
        let value = try edited { o in
            let i = o.members.firstIndex { $0.key == "workarounds" }!
            guard case .array(var items) = o.members[i].value, case .object(var w) = items[1] else { return }
            w.members[1].value = .number(JSONNumber(1.5))
            items[1] = .object(w)
            o.members[i].value = .array(items)
        }
        assertError(value, path: "$.workarounds[1].success_rate", contains: "between 0 and 1, got 1.5")
    }

    func testDatesIdsAndRegexes() throws {
        assertError(try edited { o in o.members[o.members.firstIndex { $0.key == "first_seen" }!].value = .string("2024-02-30") }, path: "$.first_seen", contains: "YYYY-MM-DD")
        assertError(try edited { $0.members[0].value = .string("Nginx/Bad Id") }, path: "$.id", contains: "expected an id")
        assertError(try edited { $0.members[0].value = .string("nginx/../x") }, path: "$.id", contains: "expected an id")
        assertError(try edited { $0.members[0].value = .string("single") }, path: "$.id", contains: "expected an id")
        assertError(try edited { o in o.members[o.members.firstIndex { $0.key == "regex" }!].value = .string("(unclosed") }, path: "$.regex", contains: "invalid regex")
        XCTAssertTrue(RecordDecoder.isDate("2024-02-29"))
        XCTAssertFalse(RecordDecoder.isDate("2023-02-29"))
        XCTAssertFalse(RecordDecoder.isDate("2024-13-01"))
    }

    func testCanonIsDetectedByShape() throws {
        let canon = try Fixtures.parse("""
            {"schema_version": "1.0.0", "id": "python/x-error/py311-linux", "url": "https://example.invalid/x",
             "error": {"signature": "XError: boom", "regex": "XError: (?P<what>\\\\w+)", "domain": "python", "category": "runtime_error",
                       "first_seen": "2025-01-01", "last_confirmed": "2025-02-01"},
             "environment": {"runtime": {"name": "python", "version_range": ">=3.11,<3.13"}, "os": "linux"},
             "verdict": {"resolvable": "true", "fix_success_rate": 0.8, "confidence": 0.7, "last_updated": "2025-02-01", "summary": "Because."},
             "dead_ends": [{"action": "a", "why_fails": "w", "fail_rate": 0.5, "sources": [], "common_misconception": "m"}],
             "workarounds": [{"action": "b", "success_rate": 0.9, "how": "h", "sources": ["https://example.invalid"], "tradeoff": "t"}],
             "transition_graph": {"leads_to": [{"error_id": "python/y/z", "probability": 0.3, "condition": "c"}], "preceded_by": [], "frequently_confused_with": []},
             "metadata": {"generated_by": "manual", "generation_date": "2025-01-01", "review_status": "human_reviewed", "evidence_count": 4, "last_verification": "2025-02-01"}}
            """)
        let record = try decoder.decode(canon)
        XCTAssertEqual(record.format, .canon)
        XCTAssertEqual(record.text("root_cause"), "Because.")
        XCTAssertEqual(record.text("verification_tier"), "human_reviewed")
        XCTAssertEqual(record.versions.first?.values["product"], .string("python"))
        XCTAssertEqual(record.versions.first?.values["version_range"], .string(">=3.11,<3.13"))
        XCTAssertEqual(record.transitions.first?.toID, "python/y/z")
        XCTAssertEqual(RecordEncoder.encode(record), canon, "canon export gives the document back")

        // As a seed it is still complete: importing that seed is the same content.
        let asSeed = RecordEncoder.encode(record, as: .seed)
        let again = try decoder.decode(asSeed)
        XCTAssertEqual(again.format, .seed)
        XCTAssertTrue(again.sameContent(as: record))
        // deadends.dev ids have three segments; a seed exported as a canon
        // keeps its two, and must import again.
        XCTAssertNoThrow(try decoder.decode({
            guard case .object(var o) = canon else { return canon }
            o.members[1].value = .string("python/x")
            return .object(o)
        }()))
    }

    func testRegexTranslation() {
        XCTAssertEqual(PythonRegex.translate(#"a\Zb"#), #"a\zb"#)
        XCTAssertEqual(PythonRegex.translate(#"x{,3}"#), #"x{0,3}"#)
        XCTAssertEqual(PythonRegex.translate(#"(?a)\d+"#), #"(?:)\d+"#)
        XCTAssertEqual(PythonRegex.translate(#"(?ai)x"#), #"(?i)x"#)
        XCTAssertEqual(PythonRegex.translate(#"\u00e9"#), #"\x{00e9}"#)
        XCTAssertEqual(PythonRegex.translate(#"[\Z]"#), #"[\Z]"#)
        let named = try? PythonRegex(#"(?P<code>E\d{4}).*(?P=code)"#)
        XCTAssertEqual(named?.firstMatch(in: "error e0502 and E0502"), .match(6..<21))
    }

    func testCatastrophicRegexIsBounded() throws {
        let regex = try PythonRegex("(a+)+$")
        let line = String(repeating: "a", count: 5000) + "!"
        XCTAssertEqual(regex.firstMatch(in: line), .limitExceeded)
        XCTAssertEqual(try PythonRegex("a+$").firstMatch(in: "xaaa"), .match(1..<4))
    }
}

final class CrossFormatTests: XCTestCase {
    func testSeedAsCanonSpansItsListedVersions() throws {
        try Fixtures.requireReferenceSeed()
        let record = try RecordDecoder().decode(try Fixtures.parse(try Fixtures.text(Fixtures.referenceSeed)))
        let canon = RecordEncoder.encode(record, as: .canon)
        XCTAssertEqual(canon["environment"]?["runtime"], .object(JSONObject([.init("name", .string("nginx")), .init("version_range", .string(">=1.20.2,<=1.26.0"))])))
        XCTAssertEqual(canon["verdict"]?["summary"], record.values["root_cause"])
        // The canon form is itself a valid canon.
        XCTAssertEqual(try RecordDecoder().decode(canon).format, .canon)
    }
}
