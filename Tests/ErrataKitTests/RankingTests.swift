import XCTest
import BenchSupport
@testable import ErrataKit

/// Search quality: queries written the way a person types them, each with
/// the record (or, for true duplicates across environments, the records) a
/// good answer puts in the top three. Run over the built-in seeds plus the
/// deadends.dev corpus.
final class RankingTests: XCTestCase {
    /// Tests/Fixtures/typed-queries.txt (errata-quality reports the same set).
    static func cases() throws -> [FixtureSets.TypedQuery] {
        FixtureSets.typedQueries(try Fixtures.text(Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/typed-queries.txt")))
    }

    func testHitAt3OnTheCorpus() throws {
        try Fixtures.requireCorpus()
        let (db, _) = try Fixtures.database()
        let importer = Importer(store: RecordStore(db))
        _ = try importer.importSources(Schema.builtinSeeds.map { InputSource.text(name: $0.path, text: $0.text) } + (try Fixtures.canonFiles()).map(InputSource.path), options: ImportOptions())
        let searcher = Searcher(db: db)
        var hits = 0
        var first = 0
        var misses: [String] = []
        let cases = try Self.cases()
        for c in cases {
            let ids = try searcher.search(c.query, limit: 3).hits.map(\.id)
            if ids.contains(where: c.expected.contains) {
                hits += 1
                if c.expected.contains(ids.first ?? "") { first += 1 }
            } else {
                misses.append("\(c.query) -> \(ids)")
            }
        }
        let hitAt3 = Double(hits) / Double(cases.count)
        print("ranking: \(cases.count) queries, hit@1 \(String(format: "%.3f", Double(first) / Double(cases.count))), hit@3 \(String(format: "%.3f", hitAt3))")
        for miss in misses { print("ranking miss: \(miss)") }
        XCTAssertGreaterThanOrEqual(cases.count, 40)
        XCTAssertGreaterThanOrEqual(hitAt3, 0.9)
    }

    /// Records of one `domain/slug` are one error in other environments:
    /// one hit with its variants, so that the top results are distinct
    /// errors; `groupVariants: false` keeps the flat list.
    func testEnvironmentsOfOneErrorAreOneHit() throws {
        try Fixtures.requireCorpus()
        let db = try MatchQuality.corpusDatabase()
        let query = "permission denied while trying to connect to the docker daemon socket"
        let grouped = try Searcher(db: db).search(query, limit: 5)
        let flat = try Searcher(db: db).search(query, limit: 5, groupVariants: false)
        let key = { (id: String) in id.split(separator: "/").prefix(2).joined(separator: "/") }
        XCTAssertEqual(Set(grouped.hits.map { key($0.id) }).count, grouped.hits.count, "one hit per error: \(grouped.hits.map(\.id))")
        XCTAssertGreaterThan(flat.hits.count - Set(flat.hits.map { key($0.id) }).count, 0, "the flat list has environments of one error: \(flat.hits.map(\.id))")
        let first = try XCTUnwrap(grouped.hits.first)
        XCTAssertFalse(first.variants.isEmpty)
        XCTAssertTrue(first.variants.allSatisfy { key($0) == key(first.id) && $0 != first.id })
        let together = Set([first.id] + first.variants)
        XCTAssertEqual(Set(flat.hits.filter { key($0.id) == key(first.id) }.map(\.id)).subtracting(together), [])

        let matched = try Matcher(db: db).match(text: "Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock", limit: 5)
        XCTAssertEqual(Set(matched.hits.map { key($0.id) }).count, matched.hits.count, "\(matched.hits.map(\.id))")
    }
}
