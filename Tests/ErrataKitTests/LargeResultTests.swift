import XCTest
@testable import ErrataKit

/// What keeps searches fast when a word is in a large share of the records:
/// errata_bm25's sampled document counts, the ranking window, and match's
/// rare words. Each is checked against the plain behaviour it stands for.
final class LargeResultTests: XCTestCase {
    private func builtinDatabase() throws -> Database {
        let (db, _) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importSources(
            Schema.builtinSeeds.map { InputSource.text(name: $0.path, text: $0.text) }, options: ImportOptions())
        return db
    }

    private func scores(_ db: Database, _ function: String, _ table: String, _ weights: String, _ match: String) throws -> [Int64: Double] {
        let pairs = try db.prepare("SELECT rowid, \(function)(\(table)\(weights)) FROM \(table) WHERE \(table) MATCH ?")
            .map([.text(match)]) { ($0.int64(0), $0.double(1)) }
        return Dictionary(uniqueKeysWithValues: pairs)
    }

    /// Below the sample size the counts are exact: the same scores as bm25().
    func testErrataBM25EqualsBM25OnSmallLists() throws {
        let db = try builtinDatabase()
        let weights = ", " + Searcher.weights
        for match in ["\"certificate\"", "\"nginx\" AND \"upstream\"", "\"permission\" OR \"denied\" OR \"git\"", "\"connect\"*"] {
            let expected = try scores(db, "bm25", "records_fts", weights, match)
            let actual = try scores(db, "errata_bm25", "records_fts", weights, match)
            XCTAssertFalse(expected.isEmpty, match)
            XCTAssertEqual(Set(actual.keys), Set(expected.keys), match)
            for (rid, score) in expected {
                XCTAssertEqual(actual[rid]!, score, accuracy: 1e-9 * max(1, abs(score)), "\(match) rid \(rid)")
            }
        }
    }

    /// Past the sample the count is estimated from how far the sample
    /// reached; on evenly spread rows the estimate is the count.
    func testErrataBM25EstimatesLongListsFromTheSample() throws {
        let (db, _) = try Fixtures.database()
        try db.execute("""
            CREATE VIRTUAL TABLE temp.t USING fts5 (a, tokenize = 'porter unicode61');
            WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 9000)
            INSERT INTO temp.t (rowid, a) SELECT x, 'common ' || (CASE WHEN x % 3 = 0 THEN 'third ' ELSE '' END) || 'w' || x FROM n;
            """)
        for match in ["\"common\"", "\"third\"", "\"common\" AND \"third\"", "\"w17\" OR \"third\""] {
            let expected = try scores(db, "bm25", "t", "", match)
            let actual = try scores(db, "errata_bm25", "t", "", match)
            XCTAssertEqual(Set(actual.keys), Set(expected.keys), match)
            for (rid, score) in expected {
                XCTAssertEqual(actual[rid]!, score, accuracy: 1e-6 * max(1, abs(score)), "\(match) rid \(rid)")
            }
        }
    }

    func testRankingWindowRanksTheNewestMatches() throws {
        let db = try builtinDatabase()
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
        let db = try builtinDatabase()
        let matcher = Matcher(db: db)
        matcher.tryAllRegexesBelow = 0  // candidates only from the index, as in a large database
        let paste = "2026/11/29 10:00:00 [error] 77#77: *3 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1"
        let expected = try matcher.match(text: paste, limit: 3).hits.map(\.id)
        XCTAssertFalse(expected.isEmpty)
        // Every word but the rarest few now counts as common.
        matcher.commonWordThreshold = 7
        let words = PreparedLine(text: paste, weight: 1).searchWords
        var counts: [String: Int] = [:]
        let rare = try matcher.distinctive(words, counts: &counts)
        XCTAssertFalse(rare.isEmpty)
        XCTAssertLessThan(rare.count, words.count, "some words of \(words) are in 7 or more signatures")
        XCTAssertEqual(try matcher.match(text: paste, limit: 3).hits.first?.id, expected.first)
    }
}
