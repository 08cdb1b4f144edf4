import Foundation
import XCTest

final class SearchCLITests: XCTestCase {
    func testSearchOutputsAndExitCodes() throws {
        let reference = try CLI.requireReferenceSeed()
        let cli = try CLI()
        try cli.run(["import", try cli.write("ref.json", reference)])

        let json = try cli.run(["search", "certificate", "verify", "--json"])
        XCTAssertEqual(json.code, 0)
        let hits = try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]]
        XCTAssertEqual(hits?.count, 1)
        for key in ["id", "domain", "category", "signature", "score"] {
            XCTAssertNotNil(hits?.first?[key], "hit has \(key)")
        }

        let human = try cli.run(["search", "handshaking"])
        XCTAssertTrue(human.stdout.hasPrefix("nginx/ssl-certificate-verify-failed  nginx  auth_error"), human.stdout)
        XCTAssertFalse(human.stdout.contains("\u{1B}"), "no colour into a pipe")

        let none = try cli.run(["search", "kubernetes"])
        XCTAssertEqual(none.code, 1)
        XCTAssertEqual(none.stdout, "")
        let emptyJSON = try cli.run(["search", "kubernetes", "--json"])
        XCTAssertEqual(emptyJSON.code, 1)
        XCTAssertEqual(emptyJSON.stdout, "[]\n")

        XCTAssertEqual(try cli.run(["search", "--version", "nginx 1.24.0"]).code, 0)
        XCTAssertEqual(try cli.run(["search", "--version", "nginx 1.18"]).code, 1)
        XCTAssertEqual(try cli.run(["search", "证书"]).code, 0)
        XCTAssertEqual(try cli.run(["search", "--domain", "nginx", "--min-confidence", "0.9"]).code, 1)
        XCTAssertEqual(try cli.run(["search", "--domain", "nginx", "--min-confidence", "0.8", "--tier", "ai_generated"]).code, 0)
    }

    /// The records with some of the words follow the one with every word,
    /// and stderr says where they start.
    func testSearchListsRecordsWithSomeWordsAfterTheFewWithEvery() throws {
        let cli = try CLI()
        let lines = [("t/all", "Widget frobnication stalled on spindle"), ("t/some", "Widget frobnication stalled"), ("t/none", "Gadget exploded")]
            .map { "{\"id\": \"\($0.0)\", \"signature\": \"\($0.1)\", \"domain\": \"t\"}" }
        XCTAssertEqual(try cli.run(["import", try cli.write("w.ndjson", lines.joined(separator: "\n") + "\n")]).code, 0)
        let found = try cli.run(["search", "frobnication", "spindle", "stalled", "--ids"])
        XCTAssertEqual(found.code, 0, found.stderr)
        XCTAssertEqual(found.stdout, "t/all\nt/some\n")
        XCTAssertEqual(found.stderr, "errata: 1 record has all of the words; the records after it have some of them\n")
        let table = try cli.run(["search", "frobnication", "spindle", "stalled", "--limit", "1"])
        XCTAssertTrue(table.stdout.hasSuffix("1-1 of 2 (--limit, --offset for more)\n"), table.stdout)
        // A script reads which hits have every word from the hits themselves.
        let json = try cli.run(["search", "frobnication", "spindle", "stalled", "--json"])
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        XCTAssertEqual(hits.map { "\($0["id"] as? String ?? "") \(($0["every_word"] as? Bool).map { "\($0)" } ?? "absent")" },
                       ["t/all true", "t/some false"])
        let relaxed = try cli.run(["search", "frobnication", "gadget", "--json"])
        let some = try XCTUnwrap(try JSONSerialization.jsonObject(with: relaxed.stdoutData) as? [[String: Any]])
        XCTAssertEqual(some.compactMap { $0["every_word"] as? Bool }, [false, false, false], "no record has both words")
        let listing = try cli.run(["search", "--domain", "t", "--json"])
        let listed = try XCTUnwrap(try JSONSerialization.jsonObject(with: listing.stdoutData) as? [[String: Any]])
        XCTAssertEqual(listed.count, 3)
        XCTAssertTrue(listed.allSatisfy { $0["every_word"] == nil }, "a listing by filters has no words")
    }

    /// 6,000 records with one word in common: the search ranks the newest
    /// 5,000 and says so on stderr; a word only the oldest have is still found.
    func testSearchOverManyMatchesSaysItRankedAWindow() throws {
        let cli = try CLI()
        let lines = (0..<6000).map { n in
            "{\"id\": \"bulk/record-\(n)\", \"signature\": \"Widget overload \(n % 2 == 0 ? "even" : "odd") E\(n)\", \"domain\": \"bulk\"}"
        }
        let imported = try cli.run(["import", try cli.write("bulk.ndjson", lines.joined(separator: "\n") + "\n")])
        XCTAssertEqual(imported.code, 0, imported.stderr)

        let many = try cli.run(["search", "widget", "--limit", "3", "--json"])
        XCTAssertEqual(many.code, 0, many.stderr)
        XCTAssertTrue(many.stderr.contains("5000 or more records match; ranked the 5000 newest"), many.stderr)
        let ids = (try JSONSerialization.jsonObject(with: many.stdoutData) as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        XCTAssertEqual(ids.count, 3)
        for id in ids {
            XCTAssertGreaterThanOrEqual(Int(id.split(separator: "-").last ?? "") ?? -1, 1000, "\(id) is among the newest 5,000")
        }

        // The total counts every record read (5,000, each its own error), not the ranked shortlist.
        let table = try cli.run(["search", "widget", "--limit", "3"])
        XCTAssertTrue(table.stdout.hasSuffix("1-3 of 5,000+ (--limit, --offset for more)\n"), table.stdout)
        let deep = try cli.run(["search", "widget", "--ids", "--limit", "5", "--offset", "4000"])
        XCTAssertEqual(deep.stdout.split(separator: "\n").count, 5, "a page past the ranked shortlist")

        let few = try cli.run(["search", "widget", "E17"])
        XCTAssertEqual(few.code, 0)
        XCTAssertTrue(few.stdout.hasPrefix("bulk/record-17 "), few.stdout)
        XCTAssertFalse(few.stderr.contains("ranked the"), few.stderr)
    }

    func testHostileQueriesNeverLeakSQLite() throws {
        let reference = try CLI.requireReferenceSeed()
        let cli = try CLI()
        try cli.run(["import", try cli.write("ref.json", reference)])
        for query in ["\"unbalanced", "NEAR(", "signature:ssl", "'; DROP TABLE records; --", "*", "-", "E0502", "a AND OR NOT b", "((((", "^ssl", "0A000086", "\u{7}"] {
            let result = try cli.run(["search", query])
            XCTAssertTrue([0, 1, 2].contains(result.code), "\(query): \(result.code) \(result.stderr)")
            // A query without a searchable word is bad input, whatever it is made of.
            XCTAssertEqual(result.code == 2, result.stderr.hasSuffix("it has no words\n"), "\(query): \(result.code) \(result.stderr)")
            XCTAssertFalse(result.stderr.lowercased().contains("sqlite"), result.stderr)
            XCTAssertFalse(result.stderr.contains("fts5"), result.stderr)
        }
    }

    /// A record written on Windows keeps "\r\n" in its text, one Character
    /// in Swift, equal to neither "\n" nor "\r": no listing may break a row on it.
    func testLineBreaksWrittenOnWindowsBreakNoRow() throws {
        let windows = try CLI.requireReferenceSeed()
            .replacing("\"category\": \"auth_error\"", with: "\"category\": \"auth\\r\\nerror\"")
            .replacing("due to CA mismatch, ", with: "due to CA mismatch,\\r\\n")
        let cli = try CLI()
        XCTAssertEqual(try cli.run(["import", try cli.write("windows.json", windows)]).code, 0)
        let id = "nginx/ssl-certificate-verify-failed"

        let csv = try cli.run(["search", "handshaking", "--format", "csv"]).stdout
        XCTAssertTrue(csv.hasPrefix("id,domain,category,score,signature\n\(id),nginx,\"auth\r\nerror\","), csv)
        let tsv = try cli.run(["search", "handshaking", "--format", "tsv"]).stdout
        XCTAssertEqual(tsv.utf8.split(separator: 0x0A).count, 2, tsv)
        XCTAssertTrue(tsv.contains("\tauth error\t"), tsv)

        let paste = Data("SSL: certificate verify failed while SSL handshaking to upstream\n".utf8)
        for arguments in [["search", "handshaking"], ["match"], ["stats"], ["show", id]] {
            let out = try cli.run(arguments, stdin: paste, environment: ["COLUMNS": "60"]).stdout
            XCTAssertFalse(out.utf8.contains(0x0D), "\(arguments[0]): \(out)")
            XCTAssertTrue(out.contains("auth error"), "\(arguments[0]): \(out)")
        }
        // show wraps the root cause as one paragraph, each line indented.
        let show = try cli.run(["show", id], environment: ["COLUMNS": "60"]).stdout
        let cause = show.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "Root cause" }.dropFirst().prefix { !$0.isEmpty }
        XCTAssertGreaterThan(cause.count, 1, show)
        XCTAssertTrue(cause.allSatisfy { $0.hasPrefix("  ") && $0.count <= 60 }, show)
        XCTAssertTrue(cause.map { $0.drop { $0 == " " } }.joined(separator: " ").contains("due to CA mismatch, expired certificate"), show)
    }
}
