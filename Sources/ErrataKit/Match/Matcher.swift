/// One record that matches pasted output.
public struct MatchHit: Sendable {
    public var rid: Int64
    public var id: String
    public var domain: String
    public var category: String?
    public var signature: String
    public var score: Double
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
/// first. Candidates come from the FTS index (signatures and aliases that
/// share words with an error line); each is then scored on the line it fits best: its regex (and how much of
/// the line it covers), how much of its signature the line says, and how
/// much of the line the signature explains.
public final class Matcher {
    let db: Database
    /// Below this many records every regex is tried, whatever FTS says.
    public var tryAllRegexesBelow = 600
    public var candidatesPerLine = 40
    /// A word in this many signatures or more tells little about which
    /// record a line is; candidates come from the rarer words of a line.
    public var commonWordThreshold = 2000
    /// At most this many matching signatures are ranked per line (the newest).
    public var rankingWindow = Searcher.defaultRankingWindow

    public init(db: Database) {
        self.db = db
    }

    /// The words of `words` that fewer than `commonWordThreshold`
    /// signatures use, or all of them when every one is common. An OR of
    /// every word of a line ("worker", "error", "failed", ...) matches most
    /// of a million signatures and ranking them took a third of a second;
    /// the rare words ("ECONNREFUSED", "E0502") match the records that
    /// explain the line. Counting stops at the threshold, so it stays cheap.
    func distinctive(_ words: [String], counts: inout [String: Int]) throws -> [String] {
        let count = try db.cached("SELECT count(*) FROM (SELECT 1 FROM signatures_fts WHERE signatures_fts MATCH ? LIMIT ?)")
        var rare: [String] = []
        for word in words {
            if counts[word] == nil {
                counts[word] = Int(try count.map([.text("\"" + word + "\""), .integer(Int64(commonWordThreshold))]) { $0.int64(0) }.first ?? 0)
            }
            if counts[word]! < commonWordThreshold { rare.append(word) }
        }
        return rare.isEmpty ? words : rare
    }

    public func match(_ collector: ErrorLineCollector, limit: Int = 5) throws -> MatchResult {
        let lines = collector.lines
        let prepared = lines.map { PreparedLine(text: $0.text, weight: $0.isPrimary ? 1.0 : 0.9) }
        var inputWords = Set<String>()
        for line in prepared { inputWords.formUnion(line.words) }
        let domainWords = inputWords.union(collector.productHints)
        let inputBytes = inputWords.map { Array($0.utf8) }

        // Candidates: records whose signature or aliases share words with an
        // error line, the best few per line, from the small signatures_fts
        // index (fast at any size). What the rest of a record says weighs
        // in below, as relevance among these candidates.
        var candidates = Set<Int64>()
        let candidateQuery = try db.cached(Searcher.windowedRankSQL(table: "signatures_fts", weights: "10.0, 8.0"))
        var documentCounts: [String: Int] = [:]
        for line in prepared where !line.searchWords.isEmpty {
            let words = try distinctive(line.searchWords, counts: &documentCounts)
            let match = words.map { "\"" + $0 + "\"" }.joined(separator: " OR ")
            try candidateQuery.forEach([.text(match), .integer(Int64(rankingWindow)), .integer(Int64(candidatesPerLine)), .integer(0)]) {
                candidates.insert($0.int64(0))
            }
        }
        // Counting stops early: a full count(*) is a scan of a large table.
        let total = Int(try db.scalarInteger("SELECT count(*) FROM (SELECT 1 FROM records LIMIT ?)", [.integer(Int64(tryAllRegexesBelow + 1))]) ?? 0)
        if total <= tryAllRegexesBelow {
            candidates = Set(try db.prepare("SELECT rid FROM records").map { $0.int64(0) })
        }

        var scored: [(hit: MatchHit, specificity: Int, fixRate: Double)] = []
        var skipped: [String] = []
        let fetch = try db.cached("SELECT id, domain, category, signature, regex, fix_success_rate FROM records WHERE rid = ?")
        let bodyText = try db.cached("SELECT root_cause, dead_ends, workarounds, tags FROM records_fts WHERE rowid = ?")
        for rid in candidates {
            var row: (String, String, String?, String, String?, Double)?
            try fetch.forEach([.integer(rid)]) { r in
                row = (r.text(0) ?? "", r.text(1) ?? "", r.text(2), r.text(3) ?? "", r.text(4), r.isNull(5) ? 0 : r.double(5))
            }
            guard let (id, domain, category, signature, pattern, fixRate) = row else { continue }
            let sigWords = Set(LineNormalizer.keywords(signature))
            // Relevance: the share of the input's words that the record's
            // whole text (cause, dead ends, workarounds, tags) uses; it tells
            // apart domains whose signatures read alike.
            var body = signature
            try bodyText.forEach([.integer(rid)]) { r in
                for column in 0..<4 { body += " " + (r.text(Int32(column)) ?? "") }
            }
            // A byte search per input word: parsing every candidate's text
            // into words cost more than the rest of a one-line match.
            let haystack = LowercasedBytes(body)
            let used = inputBytes.reduce(0) { $0 + (haystack.contains($1) ? 1 : 0) }
            let relevance = inputBytes.isEmpty ? 0 : Double(used) / Double(inputBytes.count)
            // JIT compilation pays off only when a pattern runs on many lines.
            let regex = pattern.flatMap { try? PythonRegex($0, jit: prepared.count >= 8) }
            var best: (score: Double, line: String, regex: Bool)?
            var regexGaveUp = false
            for line in prepared {
                var regexScore = 0.0
                var regexHit = false
                if let regex, !regexGaveUp {
                    switch regex.firstMatch(in: line.text) {
                    case .match(let span):
                        regexHit = true
                        regexScore = 1.5 + Double(min(span.count, 60)) / 60
                    case .limitExceeded:
                        regexGaveUp = true
                    case .noMatch:
                        break
                    }
                }
                let overlap = Double(sigWords.intersection(line.wordSet).count)
                let sigCoverage = overlap / Double(max(1, sigWords.count))
                let lineCoverage = overlap / Double(max(1, line.wordSet.count))
                if !regexHit && overlap == 0 && relevance < 0.5 { continue }
                let exact = sigCoverage == 1 && lineCoverage == 1 ? 0.5 : 0
                let score = line.weight * (regexScore + 2 * sigCoverage + lineCoverage + exact) + relevance
                if best == nil || score > best!.score {
                    best = (score, line.text, regexHit)
                }
            }
            if regexGaveUp { skipped.append(id) }
            guard var found = best else { continue }
            // The product named in the input ("docker", "nginx") settles ties between domains.
            if domainWords.contains(domain.lowercased()) { found.score += 0.25 }
            scored.append((MatchHit(rid: rid, id: id, domain: domain, category: category, signature: signature,
                                    score: found.score, line: found.line, regexMatched: found.regex),
                           sigWords.count, fixRate))
        }
        scored.sort { a, b in
            if abs(a.hit.score - b.hit.score) > 1e-9 { return a.hit.score > b.hit.score }
            if a.specificity != b.specificity { return a.specificity > b.specificity }
            if a.fixRate != b.fixRate { return a.fixRate > b.fixRate }
            return a.hit.id < b.hit.id
        }
        return MatchResult(hits: scored.prefix(limit).map(\.hit), skippedRegexes: skipped.sorted(),
                           linesRead: collector.linesRead, errorLines: lines.map(\.text))
    }

    /// Convenience for text already in memory.
    public func match(text: String, limit: Int = 5) throws -> MatchResult {
        var collector = ErrorLineCollector()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            collector.add(String(line))
        }
        return try match(collector, limit: limit)
    }
}

struct PreparedLine {
    let text: String
    let weight: Double
    let words: [String]
    let wordSet: Set<String>
    /// Distinct words for the FTS query, quoted values included.
    let searchWords: [String]

    init(text: String, weight: Double) {
        self.text = text
        self.weight = weight
        words = LineNormalizer.keywords(text)
        wordSet = Set(words)
        let all = LineNormalizer.words(text, keepQuoted: true).filter { !LineNormalizer.stopwords.contains($0) }
        var seen = Set<String>()
        searchWords = Array(all.filter { seen.insert($0).inserted }.prefix(24))
    }
}
