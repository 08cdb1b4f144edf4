/// One record that matches pasted output.
@dynamicMemberLookup
public struct MatchHit: RecordHitCarrying, Sendable {
    public var record: RecordHit
    /// The input line that matched best.
    public var line: String
    /// True when the record's own regex recognised the line.
    public var regexMatched: Bool
}

public struct MatchResult: Sendable {
    public var hits: [MatchHit]
    /// Records whose regex ran out of its step budget on this input; they
    /// were scored on their words alone.
    public var skippedRegexes: [String]
    public var linesRead: Int
    public var errorLines: [String]
}

/// `errata match`: raw output in, the records that explain it out, best
/// first. The output is read as the `Ranker` reads it (its error lines and
/// the lines around them, each word once) and ranked with the model fitted
/// for pasted output; in a small database every record's regex is tried.
public final class Matcher {
    let db: Database
    /// At or below this many records every regex is tried, whatever the words.
    public var tryAllRegexesBelow = 600
    public var model = RankingModel.logs
    /// At most this many matching records are read, the newest first.
    public var rankingWindow = Searcher.defaultRankingWindow
    /// A word in this many records or more is common (`Ranker.commonTerm`).
    public var commonTerm = Ranker.defaultCommonTerm
    /// Kept across queries by a process that answers many (`RecordTextCache`).
    public var textCache: RecordTextCache?

    public init(db: Database) {
        self.db = db
    }

    /// `minConfidence`: the confidence a hit needs to be an answer, in
    /// place of the model's fitted threshold (`match --min-confidence`).
    public func match(_ collector: ErrorLineCollector, limit: Int = 5, groupVariants: Bool = true, minConfidence: Double? = nil) throws -> MatchResult {
        let errorLines = collector.lines.map(\.text)
        let lines = collector.queryLines
        var ranker = Ranker(db: db, model: model)
        ranker.window = rankingWindow
        ranker.commonTerm = commonTerm
        ranker.textCache = textCache
        let query = try ranker.prepare(QueryTerms(collector), lines: lines)
        // Counting stops early: a full count(*) is a scan of a large table.
        let total = try db.scalarInteger("SELECT count(*) FROM (SELECT 1 FROM records LIMIT ?)", [.integer(Int64(tryAllRegexesBelow + 1))]) ?? 0
        let everyRecord = total <= tryAllRegexesBelow ? try db.prepare("SELECT rid FROM records").map { $0.int64(0) } : []
        let weighed = ranker.withConfidence(try ranker.rankAll(query, also: everyRecord))
        // A record that shares no word and whose regex saw nothing explains nothing.
        let ranked = weighed.filter {
            $0.features[RankingModel.Feature.lexical.rawValue] > 0 || $0.features[RankingModel.Feature.regex.rawValue] > 0
        }
        let shown = groupVariants ? Ranker.grouped(ranked, limit: limit) : Array(ranked.prefix(limit))
        let hits = shown.map { r in
            MatchHit(record: RecordHit(rid: r.rid, id: r.id, domain: r.domain, category: r.category, signature: r.signature, score: r.score,
                                       variants: r.variants, confidence: r.confidence, confident: minConfidence.map { r.confidence >= $0 } ?? r.confident),
                     line: r.regexLine ?? Self.bestLine(for: r.signature, in: lines), regexMatched: r.regexLine != nil)
        }
        return MatchResult(hits: hits, skippedRegexes: weighed.filter(\.regexGaveUp).map(\.id).sorted(),
                           linesRead: collector.linesRead, errorLines: errorLines)
    }

    /// The line that says most of the signature's words (the first such, error lines coming first).
    static func bestLine(for signature: String, in lines: [String]) -> String {
        let wanted = QueryTerms(query: signature).words
        var best = (line: lines.first ?? "", overlap: -1)
        for line in lines {
            let overlap = QueryTerms(query: line).words.intersection(wanted).count
            if overlap > best.overlap { best = (line, overlap) }
        }
        return best.line
    }

    /// Convenience for text already in memory.
    public func match(text: String, limit: Int = 5, groupVariants: Bool = true) throws -> MatchResult {
        var collector = ErrorLineCollector()
        collector.add(lines: text)
        return try match(collector, limit: limit, groupVariants: groupVariants)
    }
}
