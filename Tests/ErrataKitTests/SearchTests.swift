import XCTest
@testable import ErrataKit

final class SearchTests: XCTestCase {
    /// A small database of records that differ only in their versions.
    func versionDatabase(fillers: Int = 0) throws -> Database {
        let (db, _) = try Fixtures.database()
        func seed(_ id: String, _ versions: String, domain: String = "test") -> String {
            """
            {"id": "\(id)", "signature": "Versioned error \(id)", "domain": "\(domain)", "versions": [\(versions)]}
            """
        }
        let docs = [
            seed("t/listed", #"{"version": "nginx 1.24.0", "status": "active"}, {"version": "nginx 1.25.3", "status": "deprecated"}"#),
            seed("t/python312", #"{"version": "python 3.12"}"#),
            seed("t/ranged", #"{"product": "python", "version_range": ">=3.11,<3.13"}"#),
            seed("t/ros", #"{"version": "ros2 humble"}"#),
            seed("t/introduced", #"{"version": "nginx 1.19.0", "introduced": "1.19.0", "removed": "1.25.0"}"#),
            seed("t/any", #"{"product": "docker", "version_range": "any"}"#),
        ] + (0..<fillers).map { seed("t/filler-\($0)", #"{"version": "redis 7.\#($0 % 3)"}"#) }
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "v.ndjson", text: docs.joined(separator: "\n"))], options: ImportOptions())
        return db
    }

    func ids(_ db: Database, version: String? = nil, status: String? = nil, query: String? = nil) throws -> [String] {
        let spec = try version.map { try VersionSpec($0) }
        return try Searcher(db: db).search(query, filters: SearchFilters(status: status, version: spec), limit: 100).hits.map(\.id).sorted()
    }

    static let versionCases: [(String, [String])] = [
            ("nginx 1.24", ["t/introduced", "t/listed"]),
            ("nginx 1.24.0", ["t/introduced", "t/listed"]),
            ("nginx 1.24.3", ["t/introduced"]),          // listed 1.24.0 is not 1.24.3; 1.24.3 is inside 1.19.0..<1.25.0
            ("nginx 1.18", []),
            ("nginx 1.2", []),                            // 1.2 is not a prefix of 1.24
            ("nginx >=1.25", ["t/listed"]),
            ("nginx > 1.25.3", []),
            ("nginx <1.20", ["t/introduced"]),
            ("nginx <=1.19", ["t/introduced"]),
            ("=1.24", ["t/any", "t/introduced", "t/listed"]),     // 1.24 == 1.24.0; "any" version of docker too
            ("1.24", ["t/any", "t/introduced", "t/listed"]),
            ("python 3.12", ["t/python312", "t/ranged"]),
            ("python 3.13", []),
            ("python 3.11.4", ["t/ranged"]),
            ("python 3", ["t/python312", "t/ranged"]),
            ("python >=3.9", ["t/python312", "t/ranged"]), // numeric: 3.12 > 3.9
            ("python <3.9", []),
            ("PYTHON 3.12", ["t/python312", "t/ranged"]),
            ("ros2 humble", ["t/ros"]),
            ("ros2 iron", []),
            ("docker 27.1", ["t/any"]),
            ("nginx", ["t/introduced", "t/listed"]),      // a product alone
        ]

    func testVersionSpecMatching() throws {
        let db = try versionDatabase()
        for (spec, expected) in Self.versionCases {
            XCTAssertEqual(try ids(db, version: spec), expected, "--version \(spec)")
        }
        XCTAssertEqual(try ids(db, status: "deprecated"), ["t/listed"])
        XCTAssertEqual(try ids(db, version: "nginx 1.19", query: "versioned"), ["t/introduced"])
    }

    /// A listing looks up its few matches, or walks the ids when they are
    /// more than one record in a hundred: the same records either way, in
    /// id order, with the same count, page by page.
    func testVersionListingsAgreeWhicheverWayTheyAreRead() throws {
        let db = try versionDatabase(fillers: 700)
        let searcher = Searcher(db: db)
        for (spec, expected) in Self.versionCases where !expected.contains("t/any") {
            let result = try searcher.search(nil, filters: SearchFilters(version: VersionSpec(spec)), limit: 100)
            XCTAssertEqual(result.hits.map(\.id), expected, "--affects \(spec), few of many")
            XCTAssertEqual(result.total, expected.count, "--affects \(spec)")
        }
        let redis = SearchFilters(version: try VersionSpec("redis 7.1"))
        let all = try searcher.search(nil, filters: redis, limit: 1000)
        XCTAssertEqual(all.total, 233)
        XCTAssertEqual(all.hits.map(\.id), all.hits.map(\.id).sorted())
        XCTAssertTrue(all.hits.allSatisfy { $0.id.hasPrefix("t/filler-") })
        let pages = try stride(from: 0, to: 240, by: 40).flatMap { try searcher.search(nil, filters: redis, limit: 40, offset: $0).hits.map(\.id) }
        XCTAssertEqual(pages, all.hits.map(\.id))
        XCTAssertEqual(try searcher.search(nil, filters: SearchFilters(domain: "test", version: VersionSpec("redis 7.1")), limit: 5).total, 233)
    }

    func testVersionSpecParsing() throws {
        XCTAssertEqual(try VersionSpec("nginx 1.24.0"), try VersionSpec("nginx   1.24.0 "))
        let spec = try VersionSpec("AWS Lambda >= 2")
        XCTAssertEqual(spec.product, "aws lambda")
        XCTAssertEqual(spec.op, .atLeast)
        XCTAssertEqual(spec.version, "2")
        XCTAssertEqual(try VersionSpec("<1.5").op, .below)
        XCTAssertNil(try VersionSpec("<1.5").product)
        XCTAssertThrowsError(try VersionSpec(""))
        XCTAssertThrowsError(try VersionSpec(">="))
        XCTAssertThrowsError(try VersionSpec("nginx >="))
        XCTAssertEqual(VersionKey.normalized("1.24.0"), VersionKey.normalized("1.24"))
        XCTAssertLessThan(VersionKey.normalized("3.9"), VersionKey.normalized("3.12"))
        XCTAssertEqual(VersionKey.raw("v1.2.x"), VersionKey.raw("1.2"))
        XCTAssertEqual(VersionKey.raw("Humble"), "~humble")
        XCTAssertEqual(VersionRange(">=3.11,<3.13"), VersionRange(">= 3.11, < 3.13"))
        XCTAssertNil(VersionRange(" , "))
        XCTAssertEqual(VersionRange("1.2")?.upper, VersionKey.normalized("1.2"))
    }

    func testQueriesAreTextNotSyntax() {
        XCTAssertEqual(FTSQuery("certificate verify").terms, ["\"certificate\"", "\"verify\"*"])
        XCTAssertEqual(FTSQuery("certificate verify ").terms, ["\"certificate\"", "\"verify\""])
        XCTAssertEqual(FTSQuery("proxy_ssl_trusted_certificate").terms, ["\"proxy ssl trusted certificate\"*"])
        XCTAssertEqual(FTSQuery("\"verify failed\" -docker nginx").terms, ["\"verify failed\"", "\"nginx\"*"])
        XCTAssertEqual(FTSQuery("\"verify failed\" -docker nginx").excluded, ["\"docker\""])
        XCTAssertEqual(FTSQuery("NOT AND OR NEAR(a b) col:x \"unbalanced").terms,
                       ["\"not\"", "\"near a\"", "\"b\"", "\"col x\"", "\"unbalanced\"*"])
        XCTAssertEqual(FTSQuery("证书").terms, ["cjk : \"证书\""])
        XCTAssertEqual(FTSQuery("上游服务器").terms, ["cjk : \"上游 游服 服务 务器\""])
        XCTAssertEqual(FTSQuery("nginx证书").terms, ["(\"nginx\" AND cjk : \"证书\")"])
        XCTAssertTrue(FTSQuery("!!! ??? ---").isEmpty)
    }

    func testCJKSearch() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "ref.json", text: try Fixtures.text(Fixtures.referenceSeed))], options: ImportOptions())
        let searcher = Searcher(db: db)
        for query in ["证书", "握手", "上游", "证书验证失败", "nginx 证书", "proxy_ssl_trusted_certificate 证书", "自签名证书", "证"] {
            XCTAssertEqual(try searcher.search(query).hits.map(\.id), ["nginx/ssl-certificate-verify-failed"], query)
        }
        XCTAssertEqual(try searcher.search("数据库").hits.count, 0)
        let hit = try searcher.search("握手").hits.first
        XCTAssertTrue(hit?.snippet?.contains(Searcher.highlightStart + "握手" + Searcher.highlightEnd) ?? false, hit?.snippet ?? "no snippet")
    }

    func testStemmingPrefixAndFallback() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "ref.json", text: try Fixtures.text(Fixtures.referenceSeed))], options: ImportOptions())
        let searcher = Searcher(db: db)
        for query in ["verification failing", "handshak", "certificates verified", "\"certificate verify failed\"", "upstream -docker"] {
            XCTAssertEqual(try searcher.search(query).hits.count, 1, query)
        }
        XCTAssertEqual(try searcher.search("upstream -nginx").hits.count, 0)
        XCTAssertTrue(try searcher.search("\"failed certificate\"").relaxed, "phrases keep their order: only the relaxed any-word search finds it")
        let relaxed = try searcher.search("certificate kubernetes")
        XCTAssertTrue(relaxed.relaxed)
        XCTAssertEqual(relaxed.hits.count, 1)
        XCTAssertTrue(try searcher.search("@@@").emptyQuery)
    }

    func testTenThousandHostileQueries() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "ref.json", text: try Fixtures.text(Fixtures.referenceSeed))], options: ImportOptions())
        let searcher = Searcher(db: db)
        let pieces = ["\"", "'", "(", ")", "*", "^", ":", "-", "+", "NOT", "AND", "OR", "NEAR", "NEAR(", "{", "}", "[", "]", ",", ";",
                      "signature:", "cjk:", "rowid", "E0502", "0A000086", "ERR_MODULE_NOT_FOUND", "proxy_ssl_trusted_certificate",
                      "/etc/ssl/certs/ca.crt", "C:\\Windows\\x", "'; DROP TABLE records; --", "SELECT * FROM records_fts", "证书", "握",
                      "ß", "é", "\u{0}", "\u{7}", "\u{FFFD}", "😀", "\\", "%", "_", "ssl", "certificate", "*ssl*", "\"\"", "x*y", "\t", "\n", "  "]
        var rng = SplitMix64(state: 42)
        var answered = 0
        var empty = 0
        for _ in 0..<10_000 {
            var query = ""
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                query += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
                if Bool.random(using: &rng) { query += " " }
            }
            do {
                let result = try searcher.search(query, limit: 5)
                if result.emptyQuery { empty += 1 } else { answered += 1 }
            } catch {
                XCTFail("query \(query.debugDescription) raised \(error)")
            }
        }
        print("hostile queries: \(answered) answered, \(empty) had no words; 0 errors")
    }

    /// A small database lacks most words of a query: what no record has is
    /// left unexplained by all of them, so one shared word is no confident
    /// answer (the built-in seeds answered "... rule" with the record that
    /// mentions pg_hba rules, confident, before unknown words counted).
    func testWordsNoRecordHasKeepAHitFromBeingConfident() throws {
        let db = try Fixtures.seedsDatabase()
        let searcher = Searcher(db: db)
        for word in ["zorblat", "quixhen", "fenwup"] { XCTAssertTrue(try searcher.search(word, limit: 1).hits.isEmpty, word) }
        let known = try searcher.search("rule", limit: 1).hits
        XCTAssertFalse(known.isEmpty)
        let hits = try searcher.search("zorblat quixhen fenwup rule", limit: 3).hits
        XCTAssertEqual(hits.first?.id, known.first?.id, "the one known word still finds its record")
        XCTAssertFalse(hits.contains { $0.confident }, hits.map { "\($0.id) \($0.confidence)" }.joined(separator: ", "))
        // The same record for the known word alone is surer: the unknown words are what lowered it.
        XCTAssertLessThan(hits.first?.confidence ?? 1, known.first?.confidence ?? 0)
    }
}

final class StopwordTests: XCTestCase {
    func testFunctionWordsAreDroppedOnlyWhenOtherWordsRemain() {
        XCTAssertEqual(FTSQuery("the upstream of the server").terms, ["\"upstream\"", "\"server\"*"])
        XCTAssertEqual(FTSQuery("to be or not").terms, ["\"not\"*"])
        XCTAssertEqual(FTSQuery("the").terms, ["\"the\"*"], "a query of function words only is searched as it is")
        // The prefix belongs to the last token and needs three letters.
        XCTAssertEqual(FTSQuery("Check NAFDAC's").terms, ["\"check\"", "\"nafdac s\""])
        XCTAssertEqual(FTSQuery("nginx ss").terms, ["\"nginx\"", "\"ss\""])
        XCTAssertEqual(FTSQuery("nginx ssl").terms, ["\"nginx\"", "\"ssl\"*"])
        XCTAssertEqual(FTSQuery("\"the upstream\" of").terms, ["\"the upstream\""])
    }
}

final class QuotedValueTests: XCTestCase {
    func testQuotedValuesAreDroppedBeforeAnyWordFallback() throws {
        let (db, _) = try Fixtures.database()
        let docs = [
            #"{"id": "py/module-missing", "signature": "ModuleNotFoundError: No module named 'numpy'", "domain": "python"}"#,
            #"{"id": "py/torch-cuda", "signature": "torch.cuda.OutOfMemoryError: CUDA out of memory", "domain": "python"}"#,
        ]
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "q.ndjson", text: docs.joined(separator: "\n"))], options: ImportOptions())
        XCTAssertEqual(FTSQuery("No module named 'torch'").termsWithoutQuotedValues, ["\"no\"", "\"module\"", "\"named\""])
        let result = try Searcher(db: db).search("ModuleNotFoundError: No module named 'torch'")
        XCTAssertTrue(result.relaxed)
        XCTAssertEqual(result.hits.map(\.id), ["py/module-missing"], "the torch record shares only the quoted value")
    }
}

final class EveryWordTests: XCTestCase {
    func database(_ signatures: [(id: String, signature: String)]) throws -> Database {
        let (db, _) = try Fixtures.database()
        let docs = signatures.map { #"{"id": "\#($0.id)", "signature": "\#($0.signature)", "domain": "t"}"# }
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "w.ndjson", text: docs.joined(separator: "\n"))], options: ImportOptions())
        return db
    }

    /// One record that happens to have every word does not hide the others:
    /// those with some of the words follow it, on every page of the search.
    func testRecordsWithSomeWordsFollowTheFewWithEvery() throws {
        let db = try database([("t/all", "Widget frobnication stalled on spindle"), ("t/some", "Widget frobnication stalled"),
                               ("t/none", "Gadget exploded")])
        let searcher = Searcher(db: db)
        let result = try searcher.search("frobnication spindle stalled")
        XCTAssertEqual(result.hits.map(\.id), ["t/all", "t/some"])
        XCTAssertEqual(result.everyWord, 1)
        XCTAssertEqual(result.total, 2)
        XCTAssertFalse(result.relaxed)
        XCTAssertEqual(try searcher.search("frobnication spindle stalled", limit: 1).total, 2, "the same total on a short page")
        XCTAssertEqual(try searcher.search("frobnication spindle stalled", limit: 1, offset: 1).hits.map(\.id), ["t/some"])
        let phrased = try PhrasedSearch("frobnication spindle stalled", filters: SearchFilters(), db: db, names: ProductNames(),
                                        limit: 10, offset: 0)
        XCTAssertEqual(phrased.notes, ["1 record has all of the words; the records after it have some of them"])
    }

    /// More records than the ranking window have one of the words, and the
    /// window would keep the newest: the records with the most words are
    /// listed instead, the oldest among them too.
    func testManyRecordsWithSomeWordsListThoseWithTheMost() throws {
        let db = try database([("t/target", "alpha beta gamma stalled")] + (0..<30).map { ("t/filler-\($0)", "alpha filler \($0)") })
        let result = try Searcher(db: db, rankingWindow: 20).search("alpha beta gamma zzqxv")
        XCTAssertTrue(result.relaxed)
        XCTAssertEqual(result.hits.map(\.id), ["t/target"])
        XCTAssertFalse(result.windowed)
        let small = try Searcher(db: db).search("alpha beta gamma zzqxv")
        XCTAssertEqual(small.hits.first?.id, "t/target")
        XCTAssertEqual(small.total, 31, "below the window every record with some word is ranked")
    }

    func testMostWordsPicksAllButOneThenAllButTwo() {
        XCTAssertEqual(Searcher.mostWords(["a", "b", "c"]), ["(a AND b) OR (a AND c) OR (b AND c)"])
        XCTAssertEqual(Searcher.mostWords(["a", "b", "a", "c"]), ["(a AND b) OR (a AND c) OR (b AND c)"], "a repeated word counts once")
        let four = Searcher.mostWords(["a", "b", "c", "d"])
        XCTAssertEqual(four.count, 2)
        XCTAssertEqual(four.first, "(a AND b AND c) OR (a AND b AND d) OR (a AND c AND d) OR (b AND c AND d)")
        XCTAssertEqual(Searcher.mostWords((0..<10).map { "w\($0)" }).count, 1, "ten words: 45 ways to pick eight is too many")
        XCTAssertEqual(Searcher.mostWords(["a", "b"]), [])
    }

    /// A page's worth of records with every word is the answer on its own.
    func testEnoughRecordsWithEveryWordStandAlone() throws {
        let db = try database((0..<Searcher.fewWithEveryWord).map { ("t/many-\($0)", "spindle frobnication number \($0)") }
                              + [("t/half", "spindle alone")])
        let result = try Searcher(db: db).search("spindle frobnication", limit: 20)
        XCTAssertEqual(result.total, Searcher.fewWithEveryWord)
        XCTAssertEqual(result.everyWord, result.total)
        XCTAssertFalse(result.hits.map(\.id).contains("t/half"))
    }
}

final class PagingTests: XCTestCase {
    func testOffsetPagesThroughOneAnswer() throws {
        let (db, _) = try Fixtures.database()
        let docs = (0..<5).map { #"{"id": "p/r\#($0)", "signature": "paging test error number \#($0)", "domain": "p"}"# }
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "p.ndjson", text: docs.joined(separator: "\n"))], options: ImportOptions())
        let searcher = Searcher(db: db)
        let first = try searcher.search("paging test", limit: 3).hits.map(\.id)
        let second = try searcher.search("paging test", limit: 3, offset: 3).hits.map(\.id)
        XCTAssertEqual(first.count, 3)
        XCTAssertEqual(second.count, 2)
        XCTAssertTrue(Set(first).isDisjoint(with: second))
        let beyond = try searcher.search("paging test", limit: 3, offset: 9)
        XCTAssertEqual(beyond.hits.count, 0)
        XCTAssertFalse(beyond.relaxed)
    }

    /// More records than the ranking's shortlist: a deep page goes on past
    /// it in one order for every page, and the total counts every record read.
    func testPagesGoPastTheShortlist() throws {
        let (db, _) = try Fixtures.database()
        let docs = (0..<130).map { #"{"id": "p/deep-\#($0)", "signature": "deep paging error \#($0)", "domain": "p"}"# }
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "p.ndjson", text: docs.joined(separator: "\n"))], options: ImportOptions())
        let searcher = Searcher(db: db)
        let first = try searcher.search("deep paging")
        XCTAssertEqual(first.total, 130)
        XCTAssertFalse(first.totalIsExact, "past the shortlist the records' errors were not read")
        XCTAssertEqual(first.totalText, "about 130")
        let deep = try searcher.search("deep paging", limit: 10, offset: 120)
        XCTAssertEqual(deep.hits.count, 10)
        XCTAssertTrue(deep.totalIsExact)
        XCTAssertEqual(deep.totalText, "130")
        var seen = Set<String>()
        for offset in stride(from: 0, to: 130, by: 10) {
            seen.formUnion(try searcher.search("deep paging", limit: 10, offset: offset).hits.map(\.id))
        }
        XCTAssertEqual(seen.count, 130, "every record on some page, none twice")
    }

    /// A page that ends the errors says so, though the first page's total
    /// counted each record past the shortlist as an error of its own: the
    /// last full page must not promise a next one that is empty.
    func testTheLastFullPageHasAnExactTotal() throws {
        let (db, _) = try Fixtures.database()
        // 130 records of 110 errors: twenty have a second environment.
        let docs = (0..<130).map { #"{"id": "p/deep-\#($0 % 110)/env\#($0)", "signature": "deep paging error \#($0)", "domain": "p"}"# }
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "p.ndjson", text: docs.joined(separator: "\n"))], options: ImportOptions())
        let searcher = Searcher(db: db)
        XCTAssertEqual(try searcher.search("deep paging").totalText, "about 130")
        let last = try searcher.search("deep paging", limit: 10, offset: 100)
        XCTAssertEqual(last.hits.count, 10)
        XCTAssertEqual(last.totalText, "110")
        XCTAssertTrue(try searcher.search("deep paging", limit: 10, offset: 110).hits.isEmpty)
    }

    /// Snippets come from the English text for a query without CJK words,
    /// even where a translation repeats a matched identifier.
    func testEnglishQueriesGetEnglishSnippets() throws {
        let db = try Fixtures.seedsDatabase()
        for query in ["certificate verify failed", "CERTIFICATE_VERIFY_FAILED", "permission denied", "connection refused"] {
            let hits = try Searcher(db: db).search(query, limit: 10).hits
            XCTAssertFalse(hits.isEmpty, query)
            for hit in hits {
                XCTAssertFalse(hit.snippet.map { !CJKBigrams.runs($0).isEmpty } ?? false, "\(query): \(hit.id): \(hit.snippet ?? "")")
            }
        }
    }
}

/// Product names a user adds in their own file.
final class ProductNamesTests: XCTestCase {
    /// The user's product-names file, one product a line, also with the
    /// line breaks of a file saved on Windows.
    func testOneProductALine() {
        for breakText in ["\n", "\r\n"] {
            var names = ProductNames(groups: [])
            names.add(["Frobnix frob  # the frobnicator", "widgetd, widget", "lonely"].joined(separator: breakText) + breakText)
            XCTAssertEqual(names.variants(of: "FROB"), ["frob", "frobnix"], breakText.debugDescription)
            XCTAssertEqual(names.variants(of: "widget"), ["widget", "widgetd"], breakText.debugDescription)
            XCTAssertEqual(names.variants(of: "lonely"), ["lonely"], "a name alone is no group")
            XCTAssertEqual(names.groups.count, 2, breakText.debugDescription)
        }
    }
}
