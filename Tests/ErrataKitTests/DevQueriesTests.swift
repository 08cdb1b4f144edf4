import XCTest
@testable import ErrataKit

/// Finding on ../shared/bench/dev-queries.jsonl (queries written by hand
/// without the engine) through the real `match` and `search`. The ranking
/// model is fitted on these queries, so the figures here are in-sample: they
/// guard against regressions. The held-out figures, the ones to report, come
/// from `errata-quality` (five-fold cross-validation, README "Quality").
final class DevQueriesTests: XCTestCase {
    struct Scores {
        var first = 0, top3 = 0, count = 0
        var rank1: Double { Double(first) / Double(max(1, count)) }
        var inTop3: Double { Double(top3) / Double(max(1, count)) }
    }

    func testDevQueriesFindTheirRecord() throws {
        try Fixtures.requireCorpus()
        let path = Fixtures.shared.appendingPathComponent("bench/dev-queries.jsonl")
        try Fixtures.requireShared(path.path, "../shared/bench")
        let db = try MatchQuality.corpusDatabase()
        var logs = Scores(), keywords = Scores()
        for line in try Fixtures.text(path).split(separator: "\n") {
            let q = try JSONParser.parse(String(line))
            let target = try XCTUnwrap(q["target"]?.stringValue)
            let text = try XCTUnwrap(q["query"]?.stringValue)
            let isLog = q["kind"]?.stringValue == "log"
            let ids = isLog ? try Matcher(db: db).match(text: text, limit: 3).hits.map(\.id)
                : try Searcher(db: db).search(text, limit: 3).hits.map(\.id)
            let keys = ids.map(Ranker.errorKey)
            XCTAssertEqual(Set(keys).count, keys.count, "one hit per error: \(ids)")
            if isLog {
                logs.count += 1
                if keys.first == target { logs.first += 1 }
                if keys.contains(target) { logs.top3 += 1 }
            } else {
                keywords.count += 1
                if keys.first == target { keywords.first += 1 }
                if keys.contains(target) { keywords.top3 += 1 }
            }
        }
        print("dev queries (in-sample): logs rank 1 \(String(format: "%.3f", logs.rank1)) / top 3 \(String(format: "%.3f", logs.inTop3)), keywords \(String(format: "%.3f", keywords.rank1)) / \(String(format: "%.3f", keywords.inTop3))")
        XCTAssertEqual(logs.count, 240)
        XCTAssertEqual(keywords.count, 240)
        XCTAssertGreaterThanOrEqual(logs.rank1, 0.72)
        XCTAssertGreaterThanOrEqual(logs.inTop3, 0.88)
        XCTAssertGreaterThanOrEqual(keywords.rank1, 0.70)
        XCTAssertGreaterThanOrEqual(keywords.inTop3, 0.84)
    }
}
