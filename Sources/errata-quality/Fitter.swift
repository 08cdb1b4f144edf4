#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import ErrataKit

/// One dev query made ready for fitting: its statistics, and the features
/// that need the record for the records that can reach the shortlist.
struct FitCase {
    var target: String
    var fold: Int
    var query: Ranker.Prepared
    /// The records with the features that need the record (lexical ones left at 0).
    var records: [Int64: RankedRecord]
}

/// The query of a dev query as the engine reads it.
func prepared(_ q: DevQuery, ranker: Ranker) throws -> Ranker.Prepared {
    switch q.kind {
    case .keywords:
        // As `errata search` reads it: limited to the records it may list.
        // (When fewer than ten have every word, search ranks them among the
        // records with some of the words and lists those after them; here
        // they are ranked alone. In-sample, on the shipped model, the two
        // differ in one top 3 of the 240.)
        var searcher = Searcher(db: ranker.db)
        searcher.model = ranker.model
        return try searcher.prepare(q.query) ?? ranker.prepare(QueryTerms(query: q.query), lines: [q.query])
    case .log, .line:
        var collector = ErrorLineCollector()
        collector.add(lines: q.query)
        return try ranker.prepare(QueryTerms(collector), lines: collector.queryLines)
    }
}

func makeCases(_ queries: [DevQuery], ranker: Ranker, pool: Int) throws -> [FitCase] {
    try queries.map { q in
        let query = try prepared(q, ranker: ranker)
        // Records that any model near the start can shortlist: the best by each lexical feature.
        let lexical = ranker.lexicalFeatures(query, model: ranker.model)
        var pick = Set(lexical.sorted { $0.all > $1.all }.prefix(pool).map(\.rid))
        pick.formUnion(lexical.sorted { $0.error > $1.error }.prefix(pool).map(\.rid))
        pick.formUnion(lexical.sorted { $0.coverage > $1.coverage }.prefix(pool).map(\.rid))
        var records: [Int64: RankedRecord] = [:]
        for rid in pick {
            if let r = try ranker.recordFeatures(rid: rid, query) { records[rid] = r }
        }
        // Only those rows can be ranked: the others need not be scored on every try.
        var stats = query.stats
        stats.rows.removeAll { records[$0.rid] == nil }
        return FitCase(target: q.target, fold: q.fold, query: Ranker.Prepared(terms: query.terms, stats: stats, lines: query.lines), records: records)
    }
}

/// The distinct errors a case ranks, best first, each its best record;
/// `excluding` leaves one error out (a negative).
func ranked(_ c: FitCase, model: RankingModel, ranker: Ranker, excluding: String? = nil) -> [RankedRecord] {
    let lexical = ranker.lexicalFeatures(c.query, model: model).filter { c.records[$0.rid]!.errorKey != excluding }
    let shortlist = Ranker.shortlisted(lexical, model: model, size: ranker.shortlist).map { ($0, c.records[$0.rid]!) }
    return Ranker.grouped(Ranker.scored(shortlist, model: model), limit: Int.max)
}

/// Rank of the target among distinct errors (1-based), nil past the shortlist.
func rank(_ c: FitCase, model: RankingModel, ranker: Ranker) -> Int? {
    ranked(c, model: model, ranker: ranker).firstIndex { $0.errorKey == c.target }.map { $0 + 1 }
}

/// What confidence is fitted on: the confidence features of the best
/// distinct errors (as far as the confidence pool), and which of them is
/// right (nil: none).
struct ConfidenceSample {
    var x: [[Double]]
    var right: Int?
    var negative: Bool

    /// The top answer's confidence under `model`, and whether it is right.
    func top(_ model: RankingModel) -> (confidence: Double, right: Bool) {
        (model.confidences(x).first ?? 0, right == 0)
    }
}

/// The case as it is, and with its target left out (a negative: none is right).
func confidenceSamples(_ c: FitCase, model: RankingModel, ranker: Ranker) -> [ConfidenceSample] {
    var out: [ConfidenceSample] = []
    for excluding in [nil, c.target] {
        let list = ranked(c, model: model, ranker: ranker, excluding: excluding)
        let pool = list.prefix(RankingModel.confidencePool)
        guard !pool.isEmpty else { continue }
        let x = pool.indices.map { i in
            RankingModel.Confidence.features(list[i].features, next: list.dropFirst(i + 1).first?.features, known: list[i].known)
        }
        out.append(ConfidenceSample(x: x, right: pool.firstIndex { $0.errorKey == c.target }, negative: excluding != nil))
    }
    return out
}

/// `model` with its confidence weights (bias first) fitted from zero by
/// gradient descent with a little L2: the likelihood of the right error
/// (or of "none of them") under the softmax `RankingModel.confidences` makes.
func fitConfidenceWeights(_ samples: [ConfidenceSample], model start: RankingModel) -> RankingModel {
    var model = start
    guard let width = samples.first?.x.first?.count else { return model }
    model.confidenceWeights = [Double](repeating: 0, count: width + 1)
    let rate = 0.5
    for _ in 0..<3000 {
        var gradient = [Double](repeating: 0, count: width + 1)
        for s in samples {
            let p = model.confidences(s.x)
            for (i, x) in s.x.enumerated() {
                let error = p[i] - (s.right == i ? 1 : 0)
                gradient[0] += error
                for j in 0..<width { gradient[j + 1] += error * x[j] }
            }
        }
        for j in 0...width {
            let l2 = j == 0 ? 0 : 0.001 * model.confidenceWeights[j]
            model.confidenceWeights[j] -= rate * (gradient[j] / Double(samples.count) + l2)
        }
    }
    return model
}

/// The lowest threshold at which at most `budget` of the negatives are confident.
func threshold(_ samples: [ConfidenceSample], model: RankingModel, budget: Double) -> Double {
    let negatives = samples.filter(\.negative).map { $0.top(model).confidence }
    for t in stride(from: 0.30, through: 0.95, by: 0.01) {
        let confident = negatives.filter { $0 >= t }.count
        if Double(confident) <= budget * Double(max(1, negatives.count)) { return t }
    }
    return 0.95
}

/// Fits the confidence of `model` on `cases`.
func fitConfidence(_ cases: [FitCase], model: RankingModel, ranker: Ranker) -> RankingModel {
    let samples = cases.flatMap { confidenceSamples($0, model: model, ranker: ranker) }
    var out = fitConfidenceWeights(samples, model: model)
    out.confidentAt = threshold(samples, model: out, budget: 0.10)
    return out
}

/// Held-out figures of confidence: of the real queries, how many answers
/// were confident and how many of those right; of the negatives, how many confident.
struct ConfidenceScores {
    var queries = 0, confident = 0, confidentRight = 0, negatives = 0, confidentNegatives = 0
    /// Every top answer (real queries and negatives) by its confidence, in
    /// fifths of 0...1: how many, and how many right. A confidence that
    /// means something is right about as often as it says.
    var bins = [(count: Int, right: Int)](repeating: (0, 0), count: 5)

    mutating func add(_ samples: [ConfidenceSample], model: RankingModel) {
        for s in samples {
            let (p, right) = s.top(model)
            let bin = min(4, Int(p * 5))
            bins[bin].count += 1
            if right { bins[bin].right += 1 }
            let isConfident = p >= model.confidentAt
            if s.negative {
                negatives += 1
                if isConfident { confidentNegatives += 1 }
            } else {
                queries += 1
                if isConfident { confident += 1; if right { confidentRight += 1 } }
            }
        }
    }

    func line(_ label: String) -> String {
        "\(label): confident on \(format(Double(confident) / Double(max(1, queries)))) of queries, "
            + "\(format(Double(confidentRight) / Double(max(1, confident)))) of those right; "
            + "confident on negatives \(format(Double(confidentNegatives) / Double(max(1, negatives))))"
    }

    func calibration(_ label: String) -> String {
        let parts = bins.enumerated().map { i, b in
            "\(format(Double(i) / 5))-\(format(Double(i + 1) / 5)): \(b.right) of \(b.count) right"
                + (b.count > 0 ? " (\(format(Double(b.right) / Double(b.count))))" : "")
        }
        return "\(label): confidence against the share right, top answers and negatives: " + parts.joined(separator: "; ")
    }
}

/// What a fit maximises: the mean log-probability of each target under a
/// softmax of the distinct errors' scores. Smooth, so every query's margin
/// counts, where a count of rank 1 moves only when a query changes places
/// (and so chased single queries: from the untrained model, five-fold
/// held-out logs 0.717 with it against 0.733 with this, keywords 0.688
/// against 0.725). The scores' scale, the softmax's temperature, is fitted
/// with the rest (all feature weights at once).
func objective(_ cases: [FitCase], model: RankingModel, ranker: Ranker) -> Double {
    let terms = inParallel(cases.count) { i -> Double in
        let c = cases[i]
        let list = ranked(c, model: model, ranker: ranker)
        guard let best = list.first?.score else { return 0 }
        var sum = 0.0
        var target: Double?
        for r in list {
            sum += exp(sharpness * (r.score - best))
            if target == nil && r.errorKey == c.target { target = sharpness * (r.score - best) }
        }
        // A target past the shortlist counts as below the last.
        let t = target ?? sharpness * ((list.last?.score ?? best) - best) - 2
        return t - log(sum)
    }
    return terms.reduce(0, +) / Double(max(1, cases.count))
}

/// `body` of 0..<count on every core, the results in order. Ranking a
/// prepared case reads only its own statistics (no database), so cases
/// are independent; a fit is some 1,500 objective evaluations of 192 cases.
func inParallel<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    var out = [T?](repeating: nil, count: count)
    out.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: count) { slots[$0] = work($0) }
        }
    }
    return out.map { $0! }
}

/// The scores' first scale in the softmax (fitted from there).
let sharpness = 3.0

/// Where a fit starts: BM25's usual numbers, every weight 1; nothing learned from the dev set.
let untrainedModel = RankingModel(
    columnWeights: [Double](repeating: 1, count: RankingModel.columnCount), k1: 1.2, b: 0.75,
    kindWeights: [Double](repeating: 1, count: QueryTerms.Kind.allCases.count),
    featureWeights: [Double](repeating: 1, count: RankingModel.Feature.allCases.count))

/// Coordinate ascent: each number in turn is tried at several multiples
/// (and at zero), and the best kept; rounds until nothing improves.
func fit(_ cases: [FitCase], start: RankingModel, ranker: Ranker, rounds: Int = 8) -> RankingModel {
    var model = start
    var best = objective(cases, model: model, ranker: ranker)
    // Parameters as (get, set); the first kind weight stays 1 (the terms' scale).
    var parameters: [(get: (RankingModel) -> Double, set: (inout RankingModel, Double) -> Void, isShare: Bool)] = []
    for c in model.columnWeights.indices {
        parameters.append(({ $0.columnWeights[c] }, { $0.columnWeights[c] = $1 }, false))
    }
    parameters.append(({ $0.k1 }, { $0.k1 = $1 }, false))
    parameters.append(({ $0.b }, { $0.b = $1 }, true))
    for k in model.kindWeights.indices.dropFirst() {
        parameters.append(({ $0.kindWeights[k] }, { $0.kindWeights[k] = $1 }, false))
    }
    for f in model.featureWeights.indices.dropFirst() {
        parameters.append(({ $0.featureWeights[f] }, { $0.featureWeights[f] = $1 }, false))
    }
    // The scores' scale: all feature weights at once.
    parameters.append(({ $0.featureWeights[0] }, { m, value in
        let ratio = value / max(m.featureWeights[0], 1e-12)
        if value > 0 { m.featureWeights = m.featureWeights.map { $0 * ratio } }
    }, false))
    for _ in 0..<rounds {
        var improved = false
        for p in parameters {
            let current = p.get(model)
            let tries: [Double] = p.isShare
                ? [0, 0.2, 0.4, 0.6, 0.75, 0.9, 1]
                : [0, current * 0.25, current * 0.5, current * 0.8, current * 1.25, current * 2, current * 4, current == 0 ? 0.5 : current]
            for value in tries where value != current {
                var trial = model
                p.set(&trial, value)
                // The scale ignores 0: nothing to evaluate.
                if trial == model { continue }
                let score = objective(cases, model: trial, ranker: ranker)
                if score > best + 1e-9 {
                    best = score
                    model = trial
                    improved = true
                }
            }
        }
        if !improved { break }
    }
    return model
}

func describe(_ m: RankingModel) -> String {
    func list(_ xs: [Double]) -> String { "[" + xs.map { short($0) }.joined(separator: ", ") + "]" }
    return "columnWeights: \(list(m.columnWeights)), k1: \(short(m.k1)), b: \(short(m.b)),\n        kindWeights: \(list(m.kindWeights)),\n        featureWeights: \(list(m.featureWeights)),\n        confidenceWeights: \(list(m.confidenceWeights)), confidentAt: \(short(m.confidentAt))"
}

func short(_ x: Double) -> String {
    let r = (x * 10000).rounded() / 10000
    return r == r.rounded() ? String(Int(r)) : String(r)
}
