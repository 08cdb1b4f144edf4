import XCTest
import BenchSupport
@testable import ErrataKit

final class MatchTests: XCTestCase {
    func testTracebackGivesItsExceptionLine() {
        var collector = ErrorLineCollector()
        for line in """
            Starting job 41
            Traceback (most recent call last):
              File "/app/x.py", line 3, in <module>
                raise ValueError("bad input")
            ValueError: bad input
            job 41 done
            """.split(separator: "\n") {
            collector.add(String(line))
        }
        XCTAssertEqual(collector.lines.first, .init(text: "ValueError: bad input", isPrimary: true))
    }

    /// A message that goes on, indented, under the line that reads as an
    /// error is part of the error; stack frames and source pointers are not,
    /// and an unindented line ends it.
    func testIndentedLinesUnderAnErrorAreItsMessage() {
        var collector = ErrorLineCollector()
        for line in """
            -- Found PkgConfig: /usr/bin/pkg-config (found version "1.8.1")
            CMake Error in src/CMakeLists.txt:
              IMPORTED_LOCATION not set for imported target "Vendor::sensorsdk"
              configuration "Release".
            -- Generating done (0.0s)
              indented but after the message ended
            Exception in thread "main" java.lang.IllegalStateException: closed
                at com.example.Pool.take(Pool.java:42)
                at com.example.Main.main(Main.java:9)
            error[E0015]: cannot call non-const fn in constants
              --> src/main.rs:3:5
            """.split(separator: "\n") {
            collector.add(String(line))
        }
        let texts = Set(collector.lines.map(\.text))
        XCTAssertTrue(texts.contains(#"IMPORTED_LOCATION not set for imported target "Vendor::sensorsdk""#))
        XCTAssertTrue(texts.contains(#"configuration "Release"."#))
        XCTAssertFalse(texts.contains("indented but after the message ended"))
        XCTAssertFalse(texts.contains { $0.hasPrefix("at com.example") }, "stack frames are not the message")
        XCTAssertFalse(texts.contains("--> src/main.rs:3:5"))
        XCTAssertFalse(texts.contains { $0.hasPrefix("-- Found") })
        XCTAssertEqual(collector.lines.first { $0.text.hasPrefix("IMPORTED_LOCATION") }?.isPrimary, false)
        // Another file's first lines do not go on the last file's error.
        collector.add("ERROR: disk quota exceeded")
        collector.beginSource("second.log")
        collector.add("  indented first line of another file")
        XCTAssertFalse(collector.lines.contains { $0.text == "indented first line of another file" })
    }

    /// Text in memory with Windows line ends (MCP's match_error, serve's
    /// POST /match, `Matcher.match(text:)`) is read line by line as a Unix
    /// paste is: Swift's split on "\n" left "\r\n" whole, one long line.
    func testWindowsLineEndsAreLineEnds() throws {
        let lines = ["Traceback (most recent call last):", "  File \"app.py\", line 3, in <module>", "    import requests",
                     "ModuleNotFoundError: No module named 'requests'", "Done."]
        var unix = ErrorLineCollector()
        unix.add(lines: lines.joined(separator: "\n"))
        var windows = ErrorLineCollector()
        windows.add(lines: lines.joined(separator: "\r\n") + "\r\n")
        XCTAssertEqual(windows.linesRead, lines.count + 1, "the empty line after the last line end counts, as with \\n")
        XCTAssertEqual(windows.lines, unix.lines)
        XCTAssertEqual(windows.lines.first?.text, "ModuleNotFoundError: No module named 'requests'")
        XCTAssertFalse(windows.lines.contains { $0.text.contains("\r") })
        let db = try Fixtures.seedsDatabase()
        let matched = try Matcher(db: db).match(text: lines.joined(separator: "\r\n"))
        XCTAssertEqual(matched.hits.first?.id, "python/modulenotfounderror")
        XCTAssertEqual(matched.hits.map(\.id), try Matcher(db: db).match(text: lines.joined(separator: "\n")).hits.map(\.id))
    }

    func testCollectorKeepsBoundedDistinctLines() {
        var collector = ErrorLineCollector(capacity: 10)
        for i in 0..<200_000 {
            collector.add("2026-11-29T10:00:00Z worker \(i % 1000) ERROR: job failed with code \(i % 7)")
            collector.add("same line, same line: error")
        }
        XCTAssertEqual(collector.linesRead, 400_000)
        // 7,000 distinct lines (worker i % 1000, code i % 7), then repeats:
        // the last ten new ones are kept, newest first.
        let expected = (6990..<7000).reversed().map { i in
            ErrorLineCollector.Line(text: "2026-11-29T10:00:00Z worker \(i % 1000) ERROR: job failed with code \(i % 7)", isPrimary: false)
        }
        XCTAssertEqual(collector.lines, expected)
        XCTAssertEqual(collector.lines.filter { $0.text == "same line, same line: error" }.count, 0, "an old duplicate does not come back")
    }

    /// A line longer than the collector keeps is read by both ends: the
    /// error at the end of a long line is found, and a regex cannot match
    /// at a cut (`$` right where the head was cut off).
    func testLongLineIsReadByBothEndsAndARegexCannotMatchAtTheCut() throws {
        let anchored = #"{"id": "test/quota", "signature": "quota exceeded for user", "regex": "quota exceeded for user \\w+$", "domain": "test"}"#
        let db = try database([anchored])
        let cutInName = "quota exceeded for user " + String(repeating: "a", count: 3_000) + " and the job went on"
        var collector = ErrorLineCollector()
        collector.add(cutInName)
        XCTAssertEqual(collector.shortenedLines, 1)
        XCTAssertEqual(collector.longestLine, cutInName.utf8.count)
        let quota = try Matcher(db: db).match(collector).hits.first { $0.id == "test/quota" }
        XCTAssertEqual(quota?.regexMatched, false, "the real line does not end after the name")
        let ending = try Matcher(db: db).match(text: "quota exceeded for user alice")
        XCTAssertEqual(ending.hits.first?.regexMatched, true, "and the regex does match a line that does")

        let nginx = "2026/11/28 21:14:03 [error] 2231#2231: *1 SSL: certificate verify failed while SSL handshaking to upstream"
        let long = #"{"level":"error","trace":""# + String(repeating: "at com.example.Foo.bar(Foo.java:12) ", count: 400) + #"","msg":""# + nginx + #""}"#
        let found = try Matcher(db: db).match(text: long)
        XCTAssertEqual(found.hits.first?.id, "nginx/ssl-certificate-verify-failed")
        XCTAssertEqual(found.hits.first?.regexMatched, true)
    }

    /// Every known word of the line is common (in 60 of 62 records), and one
    /// word no record has ("zzqxv") must not stand in for the rare word that
    /// lets only records with it in: the nearest records are still weighed.
    func testAWordNoRecordHasDoesNotShutTheCommonOnesOut() throws {
        let common = (0..<60).map { #"{"id": "test/widget-\#($0)", "signature": "widget failure in stage \#($0)", "domain": "test"}"# }
        let db = try database(common + [#"{"id": "test/gadget", "signature": "gadget exploded", "domain": "test"}"#])
        let known = try Matcher(db: db).match(text: "widget failure")
        XCTAssertTrue(known.hits.first?.id.hasPrefix("test/widget-") ?? false, "\(known.hits.map(\.id))")
        let unknown = try Matcher(db: db).match(text: "widget failure zzqxv")
        XCTAssertEqual(unknown.hits.map(\.id), known.hits.map(\.id))
    }

    func testRequiredLiteralsOfARegex() {
        XCTAssertEqual(RegexLiterals.requirement(#"SSL: certificate verify failed while SSL handshaking to upstream"#),
                       [["ssl: certificate verify failed while ssl handshaking to upstream"]])
        XCTAssertEqual(RegexLiterals.requirement(#"connect\(\) failed \(111: Connection refused\)"#), [["connect() failed (111: connection refused)"]])
        XCTAssertEqual(RegexLiterals.requirement(#"No module named '?(\w+)'?"#), [["no module named "]])
        XCTAssertEqual(RegexLiterals.requirement(#"(?i)error: (foo|bar) exited with code \d+"#), [["error: ", " exited with code "]])
        XCTAssertEqual(RegexLiterals.requirement(#"colou?r [a-z]{2,3} done"#), [["colo", " done"]])
        XCTAssertEqual(RegexLiterals.requirement(#"(Too many open files|EMFILE|socket\(\) failed.*24)"#),
                       [["too many open files"], ["emfile"], ["socket() failed"]])
        XCTAssertEqual(RegexLiterals.requirement(#"timeout|timed out"#), [["timeout"], ["timed out"]])
        XCTAssertEqual(RegexLiterals.requirement(#"(?:unity build.*failed|jumbo)"#), [["unity build", "failed"], ["jumbo"]])
        XCTAssertEqual(RegexLiterals.requirement(#"(timeout|.*)"#), [], "an alternative that needs nothing")
        XCTAssertEqual(RegexLiterals.requirement(#"(?=abc)def"#), [["def"]])
        XCTAssertEqual(RegexLiterals.requirement(#"(?x) spaced  out"#), [], "verbose mode")
        XCTAssertEqual(RegexLiterals.requirement(#"(abc)+(def)"#), [], "two groups: nothing certain at the top")
    }

    /// On every regex of the corpus and every line of the dev set: a line
    /// that a regex matches has all of its required literals, so skipping
    /// the regex for lines without them changes no result.
    func testRequiredLiteralsNeverRuleOutAMatch() throws {
        try Fixtures.requireCorpus()
        let devQueries = Fixtures.shared.appendingPathComponent("bench/dev-queries.jsonl")
        try Fixtures.requireShared(devQueries.path, "../shared/bench")
        var lines: [String] = []
        for line in try Fixtures.text(devQueries).split(separator: "\n") {
            guard case .object(let object) = try JSONParser.parse(String(line)), let query = object["query"]?.stringValue else { continue }
            lines += query.split(separator: "\n").map(String.init).filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        }
        XCTAssertGreaterThan(lines.count, 1000)
        var patterns: [String] = []
        for file in try Fixtures.canonFiles() {
            guard case .object(let canon) = try JSONParser.parse(try Fixtures.text(URL(fileURLWithPath: file))),
                  case .object(let error)? = canon["error"], let regex = error["regex"]?.stringValue else { continue }
            patterns.append(regex)
        }
        XCTAssertGreaterThan(patterns.count, 2000)
        var matches = 0, withLiterals = 0
        for pattern in patterns {
            guard let regex = try? PythonRegex(pattern, jit: false) else { continue }
            let need = RegexLiterals.requirement(pattern)
            if !need.isEmpty { withLiterals += 1 }
            for line in lines where regex.firstMatch(in: line) != .noMatch {
                matches += 1
                let lower = line.lowercased()
                XCTAssertTrue(need.isEmpty || need.contains { $0.allSatisfy { lower.containsBytes(of: $0) } },
                              "\(pattern) matched \(line) without any of \(need)")
            }
        }
        print("required literals: \(withLiterals) of \(patterns.count) corpus regexes have some; \(matches) matching (regex, line) pairs checked")
        XCTAssertGreaterThan(matches, 100)
    }

    func testNormalizerSetsAsideWhatVaries() {
        XCTAssertEqual(LineNormalizer.words(#"2026/11/28 21:14:03 [error] 2231#2231: *10453 SSL: certificate verify failed while SSL handshaking to upstream, client: 203.0.113.7, server: api.example.com, request: "GET /v1/orders HTTP/1.1""#),
                       ["error", "ssl", "certificate", "verify", "failed", "while", "ssl", "handshaking", "to", "upstream"])
        XCTAssertEqual(LineNormalizer.words("ModuleNotFoundError: No module named 'torch'"), ["modulenotfounderror", "no", "module", "named"])
        XCTAssertEqual(LineNormalizer.words("panic: runtime error: invalid memory address 0xc000012345 at /usr/local/go/src/x.go:42"),
                       ["panic", "runtime", "error", "invalid", "memory", "address", "at"])
        XCTAssertEqual(LineNormalizer.words(#"{"reason":"OOMKilled"}"#, keepQuoted: true), ["reason", "oomkilled"])
    }

    func database(_ extra: [String] = []) throws -> Database {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        let sources = [InputSource.text(name: "ref.json", text: try Fixtures.text(Fixtures.referenceSeed))]
            + extra.enumerated().map { InputSource.text(name: "extra\($0.offset).json", text: $0.element) }
        _ = try Importer(store: RecordStore(db)).importSources(sources, options: ImportOptions())
        return db
    }

    func testCatastrophicRegexIsSkippedAndOthersStillMatch() throws {
        let evil = #"{"id": "test/evil", "signature": "aaaa", "regex": "(a+)+$", "domain": "test"}"#
        let db = try database([evil])
        var text = ""
        for i in 0..<2000 { text += "error: " + String(repeating: "a", count: 30 + i % 40) + "!\n" }
        text += "2026/11/28 21:14:03 [error] 2231#2231: *1 SSL: certificate verify failed while SSL handshaking to upstream, client: 203.0.113.7\n"
        let result = try Matcher(db: db).match(text: text)
        XCTAssertEqual(result.skippedRegexes, ["test/evil"])
        XCTAssertEqual(result.hits.first?.id, "nginx/ssl-certificate-verify-failed")
        XCTAssertTrue(result.hits.first?.regexMatched ?? false)
    }

    func testPublicScenarios() throws {
        try Fixtures.requireCorpus()
        let scenarios = Fixtures.shared.appendingPathComponent("bench/deadends-scenarios.json")
        try Fixtures.requireShared(scenarios.path, "../shared/bench")
        let db = try MatchQuality.corpusDatabase()
        guard case .array(let items) = try JSONParser.parse(try Fixtures.text(scenarios)) else { return XCTFail("not an array") }
        var top1 = 0.0
        var reciprocal = 0.0
        let matcher = Matcher(db: db)
        for item in items {
            let message = item["error_message"]?.stringValue ?? ""
            let expected = item["expected_domain"]?.stringValue ?? ""
            let domains = try matcher.match(text: message, limit: 5).hits.map(\.domain)
            if let rank = domains.firstIndex(of: expected) {
                reciprocal += 1 / Double(rank + 1)
                if rank == 0 { top1 += 1 }
            } else {
                print("scenario miss: \(message) -> \(domains)")
            }
        }
        let n = Double(items.count)
        print("public scenarios: \(items.count), top-1 domain \(String(format: "%.3f", top1 / n)), MRR \(String(format: "%.3f", reciprocal / n)) (deadends.dev's own lookup: 0.90 / 0.935)")
        XCTAssertEqual(items.count, 20)
        // The issue's "must hold": every scenario's domain first (1.00 / 1.00
        // since session 11; session 10's model put "CUDA error: out of
        // memory" third, after Hugging Face's and OpenCV's records of it).
        XCTAssertEqual(top1, n)
        XCTAssertGreaterThanOrEqual(reciprocal / n, 0.97)
    }

    func testRealisticPastes() throws {
        try Fixtures.requireCorpus()
        let db = try MatchQuality.corpusDatabase()
        let pastes = try MatchQuality.pastes()
        XCTAssertGreaterThanOrEqual(pastes.count, 60)
        var first = 0
        var top3 = 0
        let matcher = Matcher(db: db)
        for paste in pastes {
            let found = try matcher.match(text: paste.text, limit: 3).hits.map { $0.id.split(separator: "/").prefix(2).joined(separator: "/") }
            if let head = found.first, paste.expected.contains(head) { first += 1 }
            if found.contains(where: paste.expected.contains) { top3 += 1 } else { print("paste miss: \(paste.expected) -> \(found)") }
        }
        let n = Double(pastes.count)
        print("realistic pastes: \(pastes.count), exact record at rank 1 \(String(format: "%.3f", Double(first) / n)), in top 3 \(String(format: "%.3f", Double(top3) / n))")
        XCTAssertGreaterThanOrEqual(Double(first) / n, 0.85)
        XCTAssertGreaterThanOrEqual(Double(top3) / n, 0.93)
    }
}

/// The corpus database (the deadends.dev canons only, the records these
/// sets were written for and what deadends.dev's own lookup searches),
/// built once per test run.
enum MatchQuality {
    nonisolated(unsafe) private static var cached: Database?

    static func corpusDatabase() throws -> Database {
        if let cached { return cached }
        let (db, _) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importSources((try Fixtures.canonFiles()).map(InputSource.path), options: ImportOptions())
        cached = db
        return db
    }

    /// Tests/Fixtures/match-pastes.txt (errata-quality reports the same set).
    static func pastes() throws -> [FixtureSets.Paste] {
        FixtureSets.pastes(try Fixtures.text(Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/match-pastes.txt")))
    }
}
