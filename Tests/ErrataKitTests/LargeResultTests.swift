import XCTest
@testable import ErrataKit

/// What keeps searches fast when a word is in a large share of the records:
/// errata_stats' sampled document counts, the ranking window, and match's
/// rare words. Each is checked against the plain behaviour it stands for.
final class LargeResultTests: XCTestCase {
    private func statistics(_ db: Database, _ table: String, _ match: String) throws -> TermStatistics {
        try TermStatistics.read(db, match: match, window: 1_000_000, table: table)
    }

    /// Below the sample size the document counts are exact, and each row
    /// reports every (term, column) pair with its occurrences.
    func testStatisticsAreExactOnSmallLists() throws {
        let (db, _) = try Fixtures.database()
        try db.execute("""
            CREATE VIRTUAL TABLE temp.t USING fts5 (a, b, tokenize = 'porter unicode61');
            INSERT INTO temp.t (rowid, a, b) VALUES (1, 'red red blue', 'green'), (2, 'blue', 'red blue blue'), (3, 'green', 'green');
            """)
        let stats = try statistics(db, "t", "\"red\" OR \"blue\" OR \"purple\"")
        XCTAssertEqual(stats.rowCount, 3)
        XCTAssertEqual(stats.documentCounts, [2, 2, 0])
        XCTAssertEqual(stats.averageSizes, [5.0 / 3, 5.0 / 3])
        XCTAssertEqual(stats.rows.map(\.rid), [2, 1], "newest first")
        func pairs(_ row: TermStatistics.Row) -> Set<[Double]> { Set(row.hits.map { [Double($0.term), Double($0.column), $0.count] }) }
        XCTAssertEqual(pairs(stats.rows[1]), [[0, 0, 2], [1, 0, 1]])
        XCTAssertEqual(pairs(stats.rows[0]), [[1, 0, 1], [0, 1, 1], [1, 1, 2]])
        XCTAssertEqual(Array(stats.rows[0].columnSizes), [1, 3])
        // Phrases before the offset choose the rows and are left out.
        let required = try TermStatistics.read(db, match: "(\"green\") AND (\"red\" OR \"blue\")", phraseOffset: 1, window: 10, table: "t")
        XCTAssertEqual(required.rows.map(\.rid), [1])
        XCTAssertEqual(required.documentCounts, [2, 2])
        XCTAssertEqual(Set(required.rows[0].hits.map(\.term)), [0, 1])
        // Or each phrase names its term: the same numbers from an AND alone.
        let mapped = try TermStatistics.read(db, match: "\"blue\" AND \"green\" AND \"red\"", phraseTerms: [1, -1, 0], window: 10, table: "t")
        let both = try TermStatistics.read(db, match: "(\"blue\" AND \"green\" AND \"red\") AND (\"red\" OR \"blue\")", phraseOffset: 3, window: 10, table: "t")
        XCTAssertEqual(mapped.documentCounts, [2, 2])
        XCTAssertEqual(mapped.rows.map(\.rid), [1])
        XCTAssertEqual(mapped.rows.map(pairs), both.rows.map(pairs))
        // Oldest first is read, then given newest first like the rest.
        let ascending = try TermStatistics.read(db, match: "\"red\" OR \"blue\" OR \"purple\"", window: 10, newestFirst: false, table: "t")
        XCTAssertEqual(ascending.rows.map(\.rid), stats.rows.map(\.rid))
        XCTAssertEqual(ascending.rows.map(pairs), stats.rows.map(pairs))
        XCTAssertEqual(ascending.documentCounts, stats.documentCounts)
        XCTAssertEqual(ascending.averageSizes, stats.averageSizes)
    }

    /// Column sizes come from the docsize table the read joins: they agree
    /// with FTS5's own xColumnSize, also past one byte of varint (128 and
    /// 16,384 tokens), for every row.
    func testColumnSizesFromTheDocsizeTableAgreeWithFTS5() throws {
        let (db, _) = try Fixtures.database()
        func words(_ n: Int) -> String { (0..<n).map { "w\($0 % 7)" }.joined(separator: " ") }
        try db.execute("CREATE VIRTUAL TABLE temp.t USING fts5 (a, b, c, tokenize = 'porter unicode61')")
        let insert = try db.prepare("INSERT INTO temp.t (rowid, a, b, c) VALUES (?, ?, ?, ?)")
        for (rid, sizes) in [(1, [1, 0, 3]), (2, [127, 128, 5]), (3, [16_383, 16_384, 200]), (4, [0, 40_000, 1])] as [(Int64, [Int])] {
            try insert.run([.integer(rid)] + sizes.map { .text(words($0) + ($0 > 0 ? " red" : "red")) })
        }
        let stats = try statistics(db, "t", "\"red\"")
        XCTAssertEqual(stats.rows.map(\.rid), [4, 3, 2, 1])
        let own = try db.prepare("SELECT rowid, errata_stats(t) FROM temp.t WHERE t MATCH '\"red\"' ORDER BY rowid DESC").map([]) { row in
            (row.int64(0), row.doubles(1))
        }
        XCTAssertEqual(own.count, 4)
        for (row, (rid, values)) in zip(stats.rows, own) {
            XCTAssertEqual(row.rid, rid)
            // xColumnSize's sizes sit after the flag (and, on the first row, the header).
            let start = values[0] == 1 ? 4 + 1 + 3 : 1
            XCTAssertEqual(Array(row.columnSizes), Array(values[start..<(start + 3)]), "row \(rid)")
        }
        XCTAssertEqual(Array(stats.rows[1].columnSizes), [16_384, 16_385, 201])
        // The sizes are the blob's (300, 2, 70,000 here, not the row's), and a
        // blob too short for every column leaves them to xColumnSize.
        func sizes(_ blob: String) throws -> [Double] {
            let values = try db.prepare("SELECT errata_stats(t, x'\(blob)') FROM temp.t WHERE t MATCH '\"red\"' AND rowid = 1")
                .map([]) { $0.doubles(0) }.first ?? []
            return values.count >= 11 ? Array(values[8..<11]) : values
        }
        XCTAssertEqual(try sizes("822C0284A270"), [300, 2, 70_000])
        XCTAssertEqual(try sizes("822C02"), [2, 1, 4])
    }

    /// A record's row by binary search: rows as read (newest first) or in
    /// any other order, the first row of a repeated rid, nil for others.
    func testRowIndexFindsEachRecordsFirstRow() {
        let descending: [Int64] = [90, 70, 40, 12, 5]
        let index = RowIndex(descending)
        for (row, rid) in descending.enumerated() { XCTAssertEqual(index[rid], row) }
        for missing: Int64 in [0, 6, 41, 91] { XCTAssertNil(index[missing]) }
        let shuffled: [Int64] = [12, 90, 5, 70, 12, 40]
        let other = RowIndex(shuffled)
        for (rid, row) in [(12, 0), (90, 1), (5, 2), (70, 3), (40, 5)] as [(Int64, Int)] { XCTAssertEqual(other[rid], row, "rid \(rid)") }
        XCTAssertNil(other[13])
        XCTAssertNil(RowIndex([])[1])
    }

    /// A search's every word is its required AND: each term is found there,
    /// unless the AND has a word the terms lack or the terms one it lacks.
    func testTermPhrasesOfARequiredAnd() {
        let terms = QueryTerms(query: "proxy timeout upstream")
        let texts = terms.terms.map(\.text)
        XCTAssertEqual(texts.count, 3, "\(texts)")
        let reversed = texts.reversed().map { "\"" + $0 + "\"" }.joined(separator: " AND ")
        XCTAssertEqual(Ranker.termPhrases(reversed, terms), [2, 1, 0])
        XCTAssertEqual(Ranker.termPhrases(reversed + " AND \"other\"", terms), [2, 1, 0, -1])
        XCTAssertNil(Ranker.termPhrases(texts.prefix(2).map { "\"" + $0 + "\"" }.joined(separator: " AND "), terms))
        XCTAssertNil(Ranker.termPhrases(reversed + "*", terms), "a prefix is not the term")
        XCTAssertNil(Ranker.termPhrases("(" + reversed + ")", terms))
        XCTAssertNil(Ranker.termPhrases("\"" + texts.joined(separator: " ") + "\"", terms), "a phrase of all the words")
    }

    /// Past the sample the count is estimated from how far the sample
    /// reached; on evenly spread rows the estimate is the count.
    func testStatisticsEstimateLongListsFromTheSample() throws {
        let (db, _) = try Fixtures.database()
        try db.execute("""
            CREATE VIRTUAL TABLE temp.t USING fts5 (a, tokenize = 'porter unicode61');
            WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 9000)
            INSERT INTO temp.t (rowid, a) SELECT x, 'common ' || (CASE WHEN x % 3 = 0 THEN 'third ' ELSE '' END) || 'w' || x FROM n;
            """)
        let stats = try statistics(db, "t", "\"common\" OR \"third\" OR \"w17\"")
        XCTAssertEqual(stats.documentCounts[0], 9000, accuracy: 1)
        XCTAssertEqual(stats.documentCounts[1], 3000, accuracy: 3)
        XCTAssertEqual(stats.documentCounts[2], 1)
    }

    func testRankingWindowRanksTheNewestMatches() throws {
        let db = try Fixtures.seedsDatabase()
        let matching = try db.prepare("SELECT rowid FROM records_fts WHERE records_fts MATCH 'nginx' ORDER BY rowid DESC").map { $0.int64(0) }
        XCTAssertGreaterThan(matching.count, 6)
        let whole = try Searcher(db: db).search("nginx", limit: 100)
        XCTAssertFalse(whole.windowed)
        XCTAssertEqual(Set(whole.hits.map(\.rid)), Set(matching))

        let windowed = try Searcher(db: db, rankingWindow: 4).search("nginx", limit: 100)
        XCTAssertTrue(windowed.windowed)
        XCTAssertEqual(Set(windowed.hits.map(\.rid)), Set(matching.prefix(4)))
        // Within the window the order is the ranking's.
        let rank = Dictionary(uniqueKeysWithValues: whole.hits.enumerated().map { ($1.rid, $0) })
        XCTAssertEqual(windowed.hits.map { rank[$0.rid]! }, windowed.hits.map { rank[$0.rid]! }.sorted())
        XCTAssertTrue(windowed.hits.allSatisfy { $0.highlightedSignature != nil || $0.snippet != nil }, "the page still gets its highlights")
    }

    func testMatchFindsTheRecordFromItsRareWords() throws {
        let db = try Fixtures.seedsDatabase()
        let matcher = Matcher(db: db)
        matcher.tryAllRegexesBelow = 0  // candidates only from the index, as in a large database
        let paste = "2026/11/29 10:00:00 [error] 77#77: *3 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1"
        let expected = try matcher.match(text: paste, limit: 3).hits.map(\.id)
        XCTAssertFalse(expected.isEmpty)
        // Candidates need a rare word, and every word but the rarest few
        // now counts as common.
        matcher.commonTerm = 7
        var ranker = Ranker(db: db, model: matcher.model)
        ranker.commonTerm = 7
        let terms = QueryTerms(query: paste)
        let rare = try ranker.rareTerms(terms)
        XCTAssertFalse(rare.terms.isEmpty)
        XCTAssertLessThan(rare.terms.count, terms.terms.count, "some words of \(terms.terms.map(\.text)) are in 7 or more records")
        // The bound is at least how many records have one of them.
        let having = try db.prepare("SELECT count(*) FROM records_fts WHERE records_fts MATCH ?")
            .map([.text(rare.terms.map { "\"" + $0 + "\"" }.joined(separator: " OR "))]) { Int($0.int64(0)) }.first ?? 0
        XCTAssertGreaterThan(having, 0)
        XCTAssertGreaterThanOrEqual(rare.atMost, having)
        XCTAssertEqual(try matcher.match(text: paste, limit: 3).hits.first?.id, expected.first)
    }
}

extension Statement {
    /// A blob column as native-endian doubles: `errata_stats`' output,
    /// read here without TermStatistics, to check what it decodes.
    func doubles(_ i: Int32) -> [Double] {
        withBlob(i) { blob in
            (0..<(blob.count / MemoryLayout<Double>.size)).map {
                blob.loadUnaligned(fromByteOffset: $0 * MemoryLayout<Double>.size, as: Double.self)
            }
        }
    }
}
