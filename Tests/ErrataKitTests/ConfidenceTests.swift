import XCTest
@testable import ErrataKit

/// A hit's confidence is the chance that it is the error the input shows.
/// The errors a query finds exclude each other, so their chances share one
/// whole with "none of them".
final class ConfidenceTests: XCTestCase {
    func testEqualErrorsShareTheChance() {
        let model = RankingModel(columnWeights: [], k1: 1, b: 1, kindWeights: [], featureWeights: [],
                                 confidenceWeights: [0, 2], confidentAt: 0.5)
        let alone = model.confidences([[1]])
        XCTAssertEqual(alone[0], 1 / (1 + exp(-2)), accuracy: 1e-12, "one error alone: the logistic chance")
        let three = model.confidences([[1], [1], [1]])
        XCTAssertEqual(three[0], three[2], accuracy: 1e-12)
        XCTAssertEqual(three[0], exp(2) / (1 + 3 * exp(2)), accuracy: 1e-12)
        XCTAssertLessThan(three.reduce(0, +), 1)
        // Past the pool an error takes its share without adding to the whole.
        let many = model.confidences([[Double]](repeating: [1], count: RankingModel.confidencePool + 5))
        XCTAssertEqual(many.last!, exp(2) / (1 + Double(RankingModel.confidencePool) * exp(2)), accuracy: 1e-12)
    }

    /// One common word is fully explained by each of the records that have
    /// it; that makes none of them the answer (before, against the built-in
    /// seeds, "failed" was answered by one of them at 94%, "Error:" at 95%).
    func testAnInputThatSaysAlmostNothingIsNoAnswer() throws {
        let db = try Fixtures.seedsDatabase()
        for input in ["failed", "Error:", "error failed", "2) \"no\""] {
            let matched = try Matcher(db: db).match(text: input, limit: 5).hits
            XCTAssertFalse(matched.contains { $0.confident }, "match \(input): " + matched.map { "\($0.id) \($0.confidence)" }.joined(separator: ", "))
            let found = try Searcher(db: db).search(input, limit: 5).hits
            XCTAssertFalse(found.contains { $0.confident }, "search \(input): " + found.map { "\($0.id) \($0.confidence)" }.joined(separator: ", "))
        }
        // What tells one record apart still answers.
        let reference = try Matcher(db: db).match(text: "SSL: certificate verify failed while SSL handshaking to upstream", limit: 5).hits
        XCTAssertEqual(reference.first?.id, "nginx/ssl-certificate-verify-failed")
        XCTAssertEqual(reference.first?.confident, true, "\(reference.first?.confidence ?? 0)")
    }

    func testTheChancesOfTheErrorsFoundAddUpToAtMostOne() throws {
        let db = try Fixtures.seedsDatabase()
        for input in ["failed", "connection refused", "permission denied", "ModuleNotFoundError: No module named 'requests'",
                      "certificate verify failed", "out of memory"] {
            let matched = try Matcher(db: db).match(text: input, limit: 10).hits.map(\.confidence)
            XCTAssertLessThanOrEqual(matched.reduce(0, +), 1 + 1e-9, "match \(input): \(matched)")
            let found = try Searcher(db: db).search(input, limit: 10).hits.map(\.confidence)
            XCTAssertLessThanOrEqual(found.reduce(0, +), 1 + 1e-9, "search \(input): \(found)")
        }
    }
}
