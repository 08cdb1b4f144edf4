import Foundation
import XCTest

/// Every kind of bad input: one line naming the file and the place, exit
/// code 2, and the database exactly as it was (compared through export).
final class BadInputCLITests: XCTestCase {
    var cli: CLI!
    var reference = ""

    override func setUpWithError() throws {
        reference = try CLI.requireReferenceSeed()
        cli = try CLI()
        let file = try cli.write("good.json", reference)
        XCTAssertEqual(try cli.run(["import", file]).code, 0)
    }

    func snapshot() throws -> String {
        let export = try cli.run(["export", "--all"])
        let stats = try cli.run(["stats", "--json"])
        return export.stdout + stats.stdout
    }

    /// Imports `data` as `name` (or stdin when name is "-") and checks the
    /// error line and that nothing changed.
    func assertRejected(_ name: String, _ data: Data, _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try snapshot()
        let args: [String]
        let result: CLI.Result
        if name == "-" {
            result = try cli.run(["import", "-"], stdin: data)
            args = ["-"]
        } else {
            let path = try cli.write(name, data)
            args = [path]
            // Import the good file again alongside: it must not go in either.
            let other = try cli.write("other.json", reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/should-not-land"))
            result = try cli.run(["import", other] + args)
        }
        XCTAssertEqual(result.code, 2, "exit code for \(name)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line: \(result.stderr)", file: file, line: line)
        let shownName = name == "-" ? "<stdin>" : cli.path(name)
        XCTAssertTrue(result.stderr.hasPrefix("errata: \(shownName):"), "names the file: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(expected), "\(result.stderr) should contain \(expected)", file: file, line: line)
        XCTAssertEqual(try snapshot(), before, "database unchanged after \(name)", file: file, line: line)
    }

    func edited(_ from: String, _ to: String) -> Data {
        Data(reference.replacing(from, with: to).replacing("nginx/ssl-certificate-verify-failed", with: "nginx/edited").utf8)
    }

    func testNotJSON() throws {
        try assertRejected("notjson.json", Data("this is not json\n".utf8), ":1:1: invalid literal")
    }

    func testTruncated() throws {
        try assertRejected("truncated.json", Data(reference.prefix(700).utf8), "unexpected end of input")
    }

    func testEmptyFileAndEmptyStdin() throws {
        try assertRejected("empty.json", Data(), ":1:1: empty input")
        try assertRejected("-", Data(), "<stdin>:1:1: empty input")
    }

    func testWrongType() throws {
        try assertRejected("type.json", edited("\"evidence_count\": 1", "\"evidence_count\": \"one\""), ": $.evidence_count: expected an integer >= 0, got \"one\"")
    }

    func testMissingKey() throws {
        try assertRejected("missing.json", edited("\"domain\": \"nginx\",", ""), ": $.domain: missing required key")
    }

    func testRateOutOfRange() throws {
        try assertRejected("rate.json", edited("\"success_rate\": 0.85", "\"success_rate\": 1.2"), ": $.workarounds[1].success_rate: expected a number between 0 and 1, got 1.2")
    }

    func testMalformedDate() throws {
        try assertRejected("date.json", edited("\"first_seen\": \"2024-01-20\"", "\"first_seen\": \"20/01/2024\""), ": $.first_seen: expected a date")
    }

    func testInvalidRegex() throws {
        try assertRejected("regex.json", edited("\"regex\": \"SSL: certificate", "\"regex\": \"(SSL: certificate"), ": $.regex: invalid regex")
    }

    func testDuplicateIDInOneImport() throws {
        let dup = CLI.oneLine(String(decoding: edited("x", "x"), as: UTF8.self))
        try assertRejected("dup.ndjson", Data((dup + "\n" + dup + "\n").utf8), ":2: $.id: duplicate id \"nginx/edited\"")
    }

    func testInvalidUTF8() throws {
        var data = Data(reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/utf").utf8)
        let at = data.range(of: Data("Nginx cannot".utf8))!.lowerBound
        data[at] = 0xFF
        try assertRejected("utf8.json", data, ":9:18: invalid UTF-8 byte 0xFF")
    }

    /// What Windows PowerShell's `>` writes: named as such, not as a stray byte 0xFF.
    func testUTF16RecordFileIsNamedAsSuch() throws {
        let text = reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/utf16")
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try assertRejected("utf16.json", Data(le), ":1:1: UTF-16LE text (its byte order mark): JSON records are read as UTF-8")
        try assertRejected("utf16.ndjson", Data(le), ":1:1: UTF-16LE text")
        try assertRejected("-", Data(le), "<stdin>:1:1: UTF-16LE text")
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        try assertRejected("utf16be.json", Data(be), ":1:1: UTF-16BE text")
    }

    func testDeepNesting() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        try assertRejected("deep.json", Data(deep.utf8), "nesting deeper than 512 levels")
    }

    func testHugeSingleLine() throws {
        // 50 MB on one line: a record whose signature never ends.
        var data = Data("{\"id\": \"big/one\", \"signature\": \"".utf8)
        data.append(Data(repeating: UInt8(ascii: "x"), count: 50 << 20))
        try assertRejected("huge.json", data, "unterminated string")
    }

    func testKeepGoingImportsTheGoodFiles() throws {
        let bad = try cli.write("k/bad.json", edited("\"fail_rate\": 0.5", "\"fail_rate\": -1"))
        let good = try cli.write("k/good.json", reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/kept"))
        let result = try cli.run(["import", "--keep-going", cli.path("k")])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.stderr.contains(bad + ": $.dead_ends[0].fail_rate"), result.stderr)
        XCTAssertFalse(result.stderr.contains(good))
        XCTAssertEqual(result.stdout, "imported 1 record from 1 file: 1 inserted, 0 updated, 0 unchanged; 1 file failed (none of its records imported)\n")
        XCTAssertEqual(try cli.run(["show", "nginx/kept"]).code, 0)
    }

    func testMissingPath() throws {
        let before = try snapshot()
        let result = try cli.run(["import", cli.path("nope.json")])
        XCTAssertEqual(result.code, 2)
        XCTAssertEqual(result.stderr, "errata: \(cli.path("nope.json")): No such file or directory\n")
        XCTAssertEqual(try snapshot(), before)
    }

    /// Another writer's lock: after a second the import says what it waits
    /// for, gives up at --wait with exit 2 and the database as it was, and
    /// goes through once the lock is gone.
    func testAnImportWaitingForALockSaysSoAndStopsAtItsLimit() throws {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(4)
            """, cli.path("t.db")]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        XCTAssertTrue(String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("locked"), "the lock is held")
        let before = try snapshot()
        let other = try cli.write("other.json", reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/waited"))
        let waited = try cli.run(["import", "--wait", "2", other])
        XCTAssertEqual(waited.code, 2, waited.stdout)
        let lines = waited.stderr.split(separator: "\n")
        XCTAssertEqual(lines.first.map(String.init), "errata: \(cli.path("t.db")) is locked by another errata writing to it; waiting up to 2 s (--wait)")
        XCTAssertTrue(lines.last?.contains("busy") ?? false, waited.stderr)
        holder.waitUntilExit()
        XCTAssertEqual(try snapshot(), before)
        XCTAssertEqual(try cli.run(["import", other]).code, 0)
    }

    /// One run names every bad file, also when it refuses the import, and
    /// --json gives the same as data.
    func testARefusedImportNamesEveryBadFile() throws {
        let before = try snapshot()
        let dir = "several"
        try cli.write("\(dir)/a-good.json", reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/not-landed"))
        let first = try cli.write("\(dir)/b-bad.json", "{\"id\": \"a/b\"}")
        let second = try cli.write("\(dir)/c-bad.json", "[1, 2")
        let third = try cli.write("\(dir)/d-bad.ndjson", CLI.oneLine(reference) + "\n{\"id\": 7}\n")
        for dryRun in [false, true] {
            let result = try cli.run(["import"] + (dryRun ? ["--dry-run"] : []) + [cli.path(dir)])
            XCTAssertEqual(result.code, 2)
            XCTAssertEqual(result.stderr, """
                errata: \(first): $.signature: missing required key
                errata: \(second):1:6: unexpected end of input: expected ',' or ']'
                errata: \(third):2: $.signature: missing required key

                """)
            XCTAssertEqual(result.stdout, "")
        }
        XCTAssertEqual(try snapshot(), before)

        let json = try cli.run(["import", "--json", cli.path(dir)])
        XCTAssertEqual(json.code, 2)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        XCTAssertEqual(report["imported"] as? Bool, false)
        XCTAssertEqual(report["failed_files"] as? Int, 3)
        let errors = try XCTUnwrap(report["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.map { $0["file"] as? String }, [first, second, third])
        XCTAssertEqual(errors[0]["path"] as? String, "$.signature")
        XCTAssertEqual(errors[1]["line"] as? Int, 1)
        XCTAssertEqual(errors[1]["column"] as? Int, 6)
        XCTAssertEqual(errors[2]["line"] as? Int, 2)
        XCTAssertEqual(errors[2]["path"] as? String, "$.signature")
        XCTAssertEqual(errors[2]["message"] as? String, "missing required key")

        let validated = try cli.run(["validate", "--json", cli.path(dir)])
        XCTAssertEqual(validated.code, 2)
        let validation = try XCTUnwrap(try JSONSerialization.jsonObject(with: validated.stdoutData) as? [String: Any])
        XCTAssertEqual(validation["valid"] as? Bool, false)
        XCTAssertEqual(validation["files"] as? Int, 4)
        XCTAssertEqual((validation["errors"] as? [Any])?.count, 3)

        try FileManager.default.removeItem(atPath: cli.path(dir))
        let good = try cli.write("good2.json", reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/landed"))
        let imported = try cli.run(["import", "--json", good])
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: imported.stdoutData) as? [String: Any])
        XCTAssertEqual(summary["imported"] as? Bool, true)
        XCTAssertEqual(summary["inserted"] as? Int, 1)
        XCTAssertEqual((summary["errors"] as? [Any])?.count, 0)
    }
}
