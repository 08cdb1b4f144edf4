#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The numbers that turn term statistics and a record's features into a
/// score. None is set by hand: `errata-quality --fit` fits them on the
/// folds of ../shared/bench/dev-queries.jsonl and writes FittedModels.swift.
public struct RankingModel: Sendable, Equatable {
    /// Features of a candidate record, each scaled to 0...1 within a query.
    public enum Feature: Int, CaseIterable, Sendable {
        /// BM25F of all the query's terms, over the best candidate's.
        case lexical = 0
        /// The same over the error words only (the typed words of a query).
        case errorLexical
        /// The record's own regex recognises a line of the input.
        case regex
        /// Share of the signature's words that the input's error lines have
        /// (with their identifiers' parts and numbers; a typed query's every word).
        case signatureCoverage
        /// Share of the words of the id's slug (`group-coordinator-not-available`) that the error lines have.
        case slugCoverage
        /// An error line (any word of a typed query) names the record's domain.
        case domainNamed
        /// Share of the query's terms (weighted by idf and kind; only terms
        /// some record has) that the record has anywhere.
        case queryCoverage
        /// How well the record's domain as a whole fits: the summed lexical
        /// score of its domain's best shortlisted records, over the best domain's.
        case domainSupport
        /// BM25F of all terms over the most any record could reach (every
        /// term saturated): an absolute measure, where `lexical` is relative.
        case lexicalShare
        /// The same over the error words.
        case errorLexicalShare
    }

    /// How many `columnWeights` a model has: one per records_fts column.
    public static var columnCount: Int { RecordRows.searchColumns.count }

    /// Records of one domain that count towards its support.
    public static let domainSupportDepth = 5

    /// `domainSupport` for records given as (domain, lexical score), best first.
    public static func domainSupport(_ records: [(domain: String, lexical: Double)]) -> [String: Double] {
        var sums: [String: Double] = [:]
        var counts: [String: Int] = [:]
        for r in records where counts[r.domain, default: 0] < domainSupportDepth {
            counts[r.domain, default: 0] += 1
            sums[r.domain, default: 0] += r.lexical
        }
        let best = max(sums.values.max() ?? 0, 1e-9)
        return sums.mapValues { $0 / best }
    }

    /// BM25F weight of each records_fts column (RecordRows.searchText order).
    public var columnWeights: [Double]
    public var k1: Double
    /// Length normalisation, shared by all columns.
    public var b: Double
    /// Weight of each kind of query term (QueryTerms.Kind order).
    public var kindWeights: [Double]
    /// Weight of each feature (Feature order).
    public var featureWeights: [Double]
    /// Weights of `Confidence.features`, bias first: a hit's log-odds
    /// against "none of them", which `confidences` turns into its chance.
    public var confidenceWeights: [Double]
    /// A hit at or above this confidence is an answer; below it, only the nearest record.
    public var confidentAt: Double

    public init(columnWeights: [Double], k1: Double, b: Double, kindWeights: [Double], featureWeights: [Double],
                confidenceWeights: [Double] = [], confidentAt: Double = 0.5) {
        self.columnWeights = columnWeights
        self.k1 = k1
        self.b = b
        self.kindWeights = kindWeights
        self.featureWeights = featureWeights
        self.confidenceWeights = confidenceWeights
        self.confidentAt = confidentAt
    }

    /// What the chance that a hit is right is estimated from: its own
    /// features and how far it stands above the next distinct error.
    /// Only absolute measures: scores relative to the best candidate are
    /// high for the best of a poor lot, in a small database above all.
    public enum Confidence {
        public static let names = ["lexicalShare", "errorLexicalShare", "shareMargin", "regex", "signatureCoverage", "slugCoverage", "queryCoverage"]

        /// `next` is the features of the next distinct error below the hit;
        /// `known` is `RankedRecord.known`: the shares count what no record
        /// has as unexplained.
        public static func features(_ hit: [Double], next: [Double]?, known: Double) -> [Double] {
            let share = Feature.lexicalShare.rawValue
            return [hit[share] * known, hit[Feature.errorLexicalShare.rawValue] * known, (hit[share] - (next?[share] ?? 0)) * known,
                    hit[Feature.regex.rawValue], hit[Feature.signatureCoverage.rawValue],
                    hit[Feature.slugCoverage.rawValue], hit[Feature.queryCoverage.rawValue] * known]
        }
    }

    /// How many distinct errors, the best first, share one input's chance.
    /// The errors are exclusive: when ten records each explain a one-word
    /// input ("failed") as fully as the others, none of them is likely the
    /// one, though each alone looks like a perfect fit.
    public static let confidencePool = 10

    /// The fitted log-odds of a hit with these confidence features, against "none of them".
    public func confidenceLogit(_ features: [Double]) -> Double {
        guard confidenceWeights.count == features.count + 1 else { return -.infinity }
        var z = confidenceWeights[0]
        for (w, x) in zip(confidenceWeights.dropFirst(), features) { z += w * x }
        return z
    }

    /// The sum a hit's `exp(logit)` is divided by: "none of them" (logit
    /// 0) and the best `confidencePool` distinct errors (`logits`, best first).
    public static func confidencePartition(_ logits: some Sequence<Double>) -> Double {
        logits.prefix(confidencePool).reduce(1) { $0 + exp($1) }
    }

    /// The fitted chance (0...1) that each of these distinct errors (their
    /// confidence features, best first) is the error the input shows: a
    /// softmax over them and "none of them".
    public func confidences(_ features: [[Double]]) -> [Double] {
        let logits = features.map(confidenceLogit)
        let partition = Self.confidencePartition(logits)
        return logits.map { Self.chance($0, partition: partition) }
    }

    /// One error's share of the partition.
    public static func chance(_ logit: Double, partition: Double) -> Double {
        exp(logit) / partition
    }

    /// idf of each term, times the weight of its kind.
    func termWeights(_ terms: QueryTerms, _ stats: TermStatistics) -> [Double] {
        terms.terms.enumerated().map { i, term in
            let df = i < stats.documentCounts.count ? stats.documentCounts[i] : 0
            let idf = log(1 + (stats.rowCount - df + 0.5) / (df + 0.5))
            return idf * kindWeights[term.kind.rawValue]
        }
    }

    /// BM25F: each term's occurrences, weighted by column and normalised by
    /// the column's length, saturate once; `only` limits the sum to the
    /// terms it marks true. `scratch` has a zero per term and is left so.
    func bm25f(_ row: TermStatistics.Row, stats: TermStatistics, termWeights: [Double], only: [Bool]? = nil,
               scratch: inout [Double]) -> Double {
        for hit in row.hits where hit.column < columnWeights.count && hit.term < termWeights.count {
            if let only, !only[hit.term] { continue }
            let norm = 1 - b + b * row.columnSizes[hit.column] / stats.averageSizes[hit.column]
            scratch[hit.term] += columnWeights[hit.column] * hit.count / max(norm, 1e-6)
        }
        var score = 0.0
        for hit in row.hits where hit.term < termWeights.count {
            let tf = scratch[hit.term]
            if tf > 0 {
                score += termWeights[hit.term] * tf / (k1 + tf)
                scratch[hit.term] = 0
            }
        }
        return score
    }

    /// Share of the weighted terms that occur in the row at all.
    func coverage(_ row: TermStatistics.Row, termWeights: [Double], total: Double, seen: inout [Bool]) -> Double {
        guard total > 0 else { return 0 }
        var found = 0.0
        for hit in row.hits where hit.term < termWeights.count && !seen[hit.term] {
            seen[hit.term] = true
            found += termWeights[hit.term]
        }
        for hit in row.hits where hit.term < seen.count { seen[hit.term] = false }
        return found / total
    }

    public func score(_ features: [Double]) -> Double {
        zip(features, featureWeights).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
