/// One error found for a query: the best-fitting record of its
/// `domain/slug`, with the other environments of the same error.
public struct RankedRecord: Sendable {
    public var rid: Int64
    public let id: String
    /// `domain/slug` of the id (`Ranker.errorKey`): records sharing it are one error.
    public let errorKey: String
    /// The id's first segment (for a canon the same as its domain field).
    public let idDomain: String
    public var domain: String
    public var category: String?
    public var signature: String
    public var regex: String?
    /// The model's score: higher is better, comparable within one query.
    public var score: Double
    /// The fitted chance that this is the error the input shows (0...1).
    public var confidence = 0.0
    /// `confidence` reaches the model's threshold: an answer, not just the nearest record.
    public var confident = false
    /// The features the score was made of (RankingModel.Feature order).
    public var features: [Double]
    /// Share of the query's error words, by weight, that some record of the
    /// database has (1 when every one is known): what any record could explain.
    public var known = 1.0
    /// Other records of the same `domain/slug`, best first.
    public var variants: [String] = []
    /// The input line the record's regex recognised.
    public var regexLine: String?
    /// The record's regex ran out of steps on the input (it counts as no match).
    public var regexGaveUp = false

    public init(rid: Int64, id: String, domain: String, category: String?, signature: String, regex: String?, features: [Double]) {
        self.rid = rid
        self.id = id
        errorKey = Ranker.errorKey(id)
        idDomain = String(id.prefix { $0 != "/" })
        self.domain = domain
        self.category = category
        self.signature = signature
        self.regex = regex
        self.score = 0
        self.features = features
    }
}

/// Ranks records for a query in two steps: BM25F over every record that
/// has one of the query's terms, then, for the best of those, the features
/// that need the record itself (its regex, signature, id, domain), combined
/// by the fitted `RankingModel`.
public struct Ranker {
    public let db: Database
    public var model: RankingModel
    /// How many records of the first step are weighed in the second.
    public var shortlist = 100
    /// At most this many matching records are read, the newest first.
    public var window = Searcher.defaultRankingWindow
    /// What the records' own text gives, kept across queries (nil: derived each time).
    public var textCache: RecordTextCache?

    public init(db: Database, model: RankingModel) {
        self.db = db
        self.model = model
    }

    /// The query as read for ranking: its terms, their statistics and the
    /// input lines a record's regex is tried on.
    public struct Prepared {
        public let terms: QueryTerms
        public let stats: TermStatistics
        public let lines: [String]
        /// The stems of the error lines' terms, for coverage.
        let errorStems: Set<String>
        /// Each record's row in `stats`.
        public let rowOf: RowIndex
        /// `lines` lower-cased when all of them are ASCII (then a caseless
        /// regex's required literals can be looked for exactly); nil otherwise.
        let asciiLowerLines: [String]?

        public init(terms: QueryTerms, stats: TermStatistics, lines: [String]) {
            self.terms = terms
            self.stats = stats
            self.lines = lines
            errorStems = terms.errorStems
            rowOf = RowIndex(stats.rows.map(\.rid))
            asciiLowerLines = lines.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } ? lines.map { $0.lowercased() } : nil
        }

        /// Whether some line has every literal `pattern` cannot match
        /// without (true when that cannot be told).
        func mayMatch(_ pattern: String, cache: RecordTextCache?) -> Bool {
            guard let asciiLowerLines else { return true }
            let need = cache?.requirement(pattern) ?? RegexLiterals.requirement(pattern)
            if need.isEmpty { return true }
            return asciiLowerLines.contains { line in need.contains { $0.allSatisfy { line.containsBytes(of: $0) } } }
        }
    }

    /// records_fts's column of a regex's literal words.
    static let regexColumn = RecordRows.searchColumns.firstIndex(of: "regex")!

    /// `required`, an FTS5 expression, limits the records to those it
    /// matches (its phrases are left out of the statistics); `filters` are
    /// SQL conditions on `records r`.
    public func prepare(_ terms: QueryTerms, lines: [String], required: String? = nil,
                        filters: [String] = [], args: [SQLValue] = []) throws -> Prepared {
        // A query without terms of its own (one CJK character, searched as a
        // prefix) lists what `required` matches, on the other features alone.
        guard !terms.terms.isEmpty || required != nil else { return Prepared(terms: terms, stats: TermStatistics(), lines: lines) }
        var required = required
        var fewerThanWindow = false
        if required == nil {
            // An OR of a log's words ("error", "failed", "client") matches
            // most records, and reading their statistics was most of a
            // match: records must have one of the rarer words, and are then
            // scored on all of them.
            let rare = try rareTerms(terms)
            if rare.terms.count < terms.terms.count { required = rare.terms.map { "\"" + $0 + "\"" }.joined(separator: " OR ") }
            fewerThanWindow = rare.atMost <= window
        }
        var match = terms.matchAny
        var offset = 0
        var phraseTerms: [Int]?
        if let required, let inRequired = Self.termPhrases(required, terms) {
            match = required
            phraseTerms = inRequired
        } else if let required {
            match = terms.terms.isEmpty ? required : "(" + required + ") AND (" + match + ")"
            // Every phrase is one quoted string: tokens never hold a quote.
            offset = required.utf8.filter { $0 == UInt8(ascii: "\"") }.count / 2
        }
        let stats = try TermStatistics.read(db, match: match, phraseOffset: offset, phraseTerms: phraseTerms,
                                            window: window, newestFirst: !fewerThanWindow, filters: filters, args: args)
        return Prepared(terms: terms, stats: stats, lines: lines)
    }

    /// When `required` is an AND of plain phrases with every term among
    /// them (a search's every word), which term each phrase is (-1: none):
    /// the expression can then be `required` alone. Repeating the terms in
    /// an OR beside it had FTS5 walk their lists twice, a fifth of a search
    /// at a million records.
    static func termPhrases(_ required: String, _ terms: QueryTerms) -> [Int]? {
        guard !terms.terms.isEmpty else { return nil }
        // On bytes: String's split by a string costs a search's start-up
        // half a million instructions in generic type lookups.
        let bytes = Array(required.utf8)
        let and = Array(" AND ".utf8)
        let quote = UInt8(ascii: "\"")
        var termOf: [Int] = []
        var found = [Bool](repeating: false, count: terms.terms.count)
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && !(bytes[end] == and[0] && bytes[end...].starts(with: and)) { end += 1 }
            let part = bytes[start..<end]
            guard part.count >= 2, part.first == quote, part.last == quote,
                  part.lazy.filter({ $0 == quote }).count == 2 else { return nil }
            let text = String(decoding: part.dropFirst().dropLast(), as: UTF8.self)
            let term = terms.terms.indices.first { !found[$0] && terms.terms[$0].text == text }
            if let term { found[term] = true }
            termOf.append(term ?? -1)
            start = end + and.count
        }
        return found.allSatisfy { $0 } ? termOf : nil
    }

    /// A term in more than this share of the records (or in `commonTerm`
    /// records, whichever is fewer) does not make a record a candidate by
    /// itself. 500, not 2,000: at a million records the words of a pid or a
    /// timestamp, each in a thousand records, made candidates by the
    /// thousand and a match took 75 ms (now 34, the pasted record still
    /// first in 49 of 50); below 5,000 records the share is the smaller
    /// bound, so the canons rank exactly as before.
    public var commonShare = 0.1
    public var commonTerm = Ranker.defaultCommonTerm
    public static let defaultCommonTerm = 500

    /// The terms fewer records have than the common threshold, or the few
    /// rarest when all are common, with a bound on how many records have
    /// one of them (.max when the counts were cut). Counting stops at the
    /// threshold, so it stays cheap at any size.
    func rareTerms(_ terms: QueryTerms) throws -> (terms: [String], atMost: Int) {
        let records = try RecordStore.recordCountBound(db)
        let threshold = Int64(min(commonTerm, max(50, Int(Double(records) * commonShare))))
        let count = try db.cached("SELECT count(*) FROM (SELECT 1 FROM records_fts WHERE records_fts MATCH ? LIMIT ?)")
        var counted: [(term: String, count: Int64)] = []
        for term in terms.terms {
            let n = try count.map([.text("\"" + term.text + "\""), .integer(threshold)]) { $0.int64(0) }.first ?? 0
            counted.append((term.text, n))
        }
        // A word no record has ("zzqxv", a host name) makes no candidate,
        // so it must not count as the rare word that keeps the common ones out.
        let found = counted.filter { $0.count > 0 }
        guard !found.isEmpty else { return (counted.map(\.term), 0) }
        var rare = found.filter { $0.count < threshold }
        if rare.isEmpty { rare = Array(found.sorted { $0.count < $1.count }.prefix(4)) }
        let bound = rare.allSatisfy { $0.count < threshold } ? rare.reduce(0) { $0 + Int($1.count) } : .max
        return (rare.map(\.term), bound)
    }

    /// The first step's lexical features for every matching record: the two
    /// BM25F sums scaled by the best, and the weighted share of terms it has.
    public func lexicalFeatures(_ query: Prepared, model: RankingModel) -> [Lexical] {
        let weights = model.termWeights(query.terms, query.stats)
        let errorOnly = query.terms.terms.map { $0.kind == .error }
        // What a record could explain: a term adds at most its weight
        // (tf / (k1 + tf) < 1), and a term no record has (a host name, a
        // user's path) is no record's to explain.
        var total = 0.0, errorTotal = 0.0
        for (i, weight) in weights.enumerated() where query.stats.has(term: i) {
            total += weight
            if errorOnly[i] { errorTotal += weight }
        }
        let known = Self.knownShare(query, weights: weights)
        var scratch = [Double](repeating: 0, count: weights.count)
        var seen = [Bool](repeating: false, count: weights.count)
        var out = query.stats.rows.map { row in
            Lexical(rid: row.rid,
                    all: model.bm25f(row, stats: query.stats, termWeights: weights, scratch: &scratch),
                    error: model.bm25f(row, stats: query.stats, termWeights: weights, only: errorOnly, scratch: &scratch),
                    coverage: model.coverage(row, termWeights: weights, total: total, seen: &seen), known: known)
        }
        let bestAll = max(out.map(\.all).max() ?? 0, 1e-9)
        let bestError = max(out.map(\.error).max() ?? 0, 1e-9)
        for i in out.indices {
            out[i].allShare = total > 0 ? out[i].all / total : 0
            out[i].errorShare = errorTotal > 0 ? out[i].error / errorTotal : 0
            out[i].all /= bestAll
            out[i].error /= bestError
        }
        return out
    }

    /// `RankedRecord.known`. An error word no record has is left
    /// unexplained by every record: no ranking's business, but confidence's.
    /// A small database lacks most words, and without this the built-in
    /// seeds answered "tax residency 183 days rule" with the record that has
    /// "rule" (pg_hba rules), confident.
    static func knownShare(_ query: Prepared, weights: [Double]) -> Double {
        var known = 0.0, all = 0.0
        for (i, term) in query.terms.terms.enumerated() where term.kind == .error && i < weights.count {
            all += weights[i]
            if query.stats.has(term: i) { known += weights[i] }
        }
        return all > 0 ? known / all : 1
    }

    public struct Lexical: Sendable {
        public var rid: Int64
        public var all: Double
        public var error: Double
        public var coverage: Double
        public var allShare = 0.0
        public var errorShare = 0.0
        /// `RankedRecord.known`, the same for every record of a query.
        public var known = 1.0

        /// The lexical features in place in the record's feature list, and its `known`.
        public func fill(_ record: inout RankedRecord) {
            record.features[RankingModel.Feature.lexical.rawValue] = all
            record.features[RankingModel.Feature.errorLexical.rawValue] = error
            record.features[RankingModel.Feature.queryCoverage.rawValue] = coverage
            record.features[RankingModel.Feature.lexicalShare.rawValue] = allShare
            record.features[RankingModel.Feature.errorLexicalShare.rawValue] = errorShare
            record.known = known
        }

        /// The score the shortlist is cut by: the model's weights on these features alone.
        public func prescore(_ w: [Double]) -> Double {
            w[RankingModel.Feature.lexical.rawValue] * all + w[RankingModel.Feature.errorLexical.rawValue] * error
                + w[RankingModel.Feature.queryCoverage.rawValue] * coverage
        }
    }

    /// Every shortlisted record, best first, each environment on its own.
    /// `also` are records to weigh whatever their words (a small database's
    /// every record, whose regex may recognise a line that shares no word).
    /// `lexical`: the query's `lexicalFeatures`, when the caller has them.
    public func rankAll(_ query: Prepared, also: [Int64] = [], lexical given: [Lexical]? = nil) throws -> [RankedRecord] {
        var lexical = given ?? lexicalFeatures(query, model: model)
        let listed = Set(lexical.map(\.rid))
        let unlisted = also.filter { !listed.contains($0) }
        if !unlisted.isEmpty {
            // The query's share, as its listed records have it (worked out here only when none is).
            let known = lexical.first?.known ?? Self.knownShare(query, weights: model.termWeights(query.terms, query.stats))
            lexical += unlisted.map { Lexical(rid: $0, all: 0, error: 0, coverage: 0, known: known) }
        }
        // Labelled as `scored` takes them: an unlabelled array would be cast element by element at run time.
        var records: [(lexical: Lexical, record: RankedRecord)] = []
        for candidate in Self.shortlisted(lexical, model: model, size: max(shortlist, also.count)) {
            if let record = try recordFeatures(rid: candidate.rid, query) { records.append((candidate, record)) }
        }
        return Self.scored(records, model: model)
    }

    /// The records past the shortlist (`listed` are those `rankAll` gave
    /// from the same `lexical` features), in the shortlist's own order (the
    /// first step's score), each scored on its own features (no domain
    /// support), as long as `more` says so of the last one: a search's deep
    /// page, the same for every page.
    public func pastShortlist(_ query: Prepared, lexical: [Lexical], listed: Set<Int64>,
                              while more: (RankedRecord) -> Bool) throws -> [RankedRecord] {
        var out: [RankedRecord] = []
        for candidate in Self.shortlisted(lexical, model: model, size: lexical.count) where !listed.contains(candidate.rid) {
            guard var record = try recordFeatures(rid: candidate.rid, query) else { continue }
            candidate.fill(&record)
            record.score = model.score(record.features)
            out.append(record)
            if !more(record) { break }
        }
        return out
    }

    /// The `size` records with the best first-step score.
    public static func shortlisted(_ lexical: [Lexical], model: RankingModel, size: Int) -> ArraySlice<Lexical> {
        let w = model.featureWeights
        // Each score once, not twice a comparison (5,000 rows at a million records).
        let keys = lexical.indices.map { (score: lexical[$0].prescore(w), rid: lexical[$0].rid, at: $0) }
        let best = keys.sorted { $0.score != $1.score ? $0.score > $1.score : $0.rid > $1.rid }.prefix(size)
        return ArraySlice(best.map { lexical[$0.at] })
    }

    /// Records with their features: the lexical ones filled in, then each
    /// domain's support, then the score; best first. (errata-quality fits
    /// the model through this same function.)
    public static func scored(_ records: [(lexical: Lexical, record: RankedRecord)], model: RankingModel) -> [RankedRecord] {
        var ranked = records.map { candidate, record in
            var r = record
            candidate.fill(&r)
            return r
        }
        let support = RankingModel.domainSupport(ranked.map { ($0.idDomain, $0.features[RankingModel.Feature.lexical.rawValue]) })
        for i in ranked.indices {
            ranked[i].features[RankingModel.Feature.domainSupport.rawValue] = support[ranked[i].idDomain] ?? 0
            ranked[i].score = model.score(ranked[i].features)
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return ranked
    }

    /// Gives each record its confidence: its own features and those of the
    /// next distinct error below it make its logit, and it shares the chance
    /// with the best distinct errors of `among` (of `ranked` itself when nil:
    /// a search's deeper page shares it with the shortlist above it).
    public func withConfidence(_ ranked: [RankedRecord], among best: [RankedRecord]? = nil) -> [RankedRecord] {
        var out = ranked
        let logits = confidenceLogits(out)
        let partition = RankingModel.confidencePartition(best.map { Self.firstOfEachError($0, confidenceLogits($0)) } ?? Self.firstOfEachError(out, logits))
        for i in out.indices {
            out[i].confidence = RankingModel.chance(logits[i], partition: partition)
            out[i].confident = out[i].confidence >= model.confidentAt
        }
        return out
    }

    /// Each record's confidence logit, from its features and those of the next distinct error below it.
    func confidenceLogits(_ ranked: [RankedRecord]) -> [Double] {
        ranked.indices.map { i in
            let key = ranked[i].errorKey
            let next = ranked[(i + 1)...].first { $0.errorKey != key }?.features
            return model.confidenceLogit(RankingModel.Confidence.features(ranked[i].features, next: next, known: ranked[i].known))
        }
    }

    /// The values of each distinct error's best record, best first, as far as the confidence pool.
    static func firstOfEachError(_ ranked: [RankedRecord], _ values: [Double]) -> [Double] {
        var seen: Set<String> = []
        var out: [Double] = []
        for (record, value) in zip(ranked, values) where out.count < RankingModel.confidencePool && seen.insert(record.errorKey).inserted {
            out.append(value)
        }
        return out
    }

    /// One entry per `domain/slug`, its best record first with the others as variants.
    public static func grouped(_ ranked: [RankedRecord], limit: Int) -> [RankedRecord] {
        var groups: [String: Int] = [:]
        var out: [RankedRecord] = []
        for record in ranked {
            let key = record.errorKey
            if let at = groups[key] {
                out[at].variants.append(record.id)
            } else {
                groups[key] = out.count
                out.append(record)
            }
        }
        return Array(out.prefix(limit))
    }

    /// A record with the features that need its row (lexical ones left at 0).
    public func recordFeatures(rid: Int64, _ query: Prepared) throws -> RankedRecord? {
        let fetch = try db.cached("SELECT id, domain, category, signature, regex FROM records WHERE rid = ?")
        guard var record = try fetch.map([.integer(rid)], { row in
            RankedRecord(rid: rid, id: row.text(0) ?? "", domain: row.text(1) ?? "", category: row.text(2),
                         signature: row.text(3) ?? "", regex: row.text(4),
                         features: [Double](repeating: 0, count: RankingModel.Feature.allCases.count))
        }).first else { return nil }
        var features = record.features
        // A regex can only recognise a line that has its literal words: one
        // that shares none with the input is not compiled (most of the cost).
        let row = query.rowOf[rid].map { query.stats.rows[$0] }
        let mayMatch = row.map { r in r.columnSizes[Self.regexColumn] == 0 || r.hits.contains { $0.column == Self.regexColumn } } ?? true
        if mayMatch, let pattern = record.regex, query.mayMatch(pattern, cache: textCache), let regex = try? PythonRegex(pattern, jit: query.lines.count >= 8) {
            search: for line in query.lines {
                switch regex.firstMatch(in: line) {
                case .match:
                    features[RankingModel.Feature.regex.rawValue] = 1
                    record.regexLine = line
                    break search
                case .limitExceeded:
                    record.regexGaveUp = true
                    break search
                case .noMatch:
                    continue
                }
            }
        }
        // A text's words as stem keys: derived, or kept across queries by the cache.
        func stemKeys(_ text: String, _ words: (String) -> [String]) -> [String] {
            textCache?.stemKeys(text, words) ?? words(text).map(QueryTerms.stemKey)
        }
        let signatureKeys = stemKeys(record.signature, QueryTerms.plainWords)
        features[RankingModel.Feature.signatureCoverage.rawValue] = Self.coverage(stemKeys: signatureKeys, query.errorStems)
        // \u{1}: a slug's cache entry never meets a signature that reads the same.
        let slugKeys = stemKeys("\u{1}" + record.errorKey) { key in
            Self.slugWords(String(key.dropFirst())).map { Self.distinct($0.filter(QueryTerms.isTelling)) } ?? []
        }
        features[RankingModel.Feature.slugCoverage.rawValue] = Self.coverage(stemKeys: slugKeys, query.errorStems)
        // The product named by an error line itself, not by the lines around it.
        let domain = record.domain.lowercased()
        let words = query.terms.errorWords
        if words.contains(domain) || words.contains(record.idDomain.lowercased()) {
            features[RankingModel.Feature.domainNamed.rawValue] = 1
        }
        record.features = features
        return record
    }

    /// `words` without repeats, in order (a slug has a few words).
    static func distinct(_ words: [String]) -> [String] {
        var out: [String] = []
        for word in words where !out.contains(word) { out.append(word) }
        return out
    }

    /// Share of a text's distinct words whose stem key is among `stems`,
    /// from those keys (one per word).
    static func coverage(stemKeys: [String], _ stems: Set<String>) -> Double {
        guard !stemKeys.isEmpty else { return 0 }
        return Double(stemKeys.filter { stems.contains($0) }.count) / Double(stemKeys.count)
    }

    /// `domain/slug` of a record id: records sharing it are one error in other environments.
    public static func errorKey(_ id: String) -> String {
        // Bytes, not Characters: this runs for every candidate of every search.
        let utf8 = id.utf8
        var slashes = 0
        for i in utf8.indices where utf8[i] == UInt8(ascii: "/") {
            slashes += 1
            if slashes == 2 { return String(id[..<i]) }
        }
        return id
    }

    /// The words of the slug of a `domain/slug` key (split at - _ .), lower-cased; nil without a slug.
    static func slugWords(_ key: String) -> [String]? {
        let utf8 = key.utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        return utf8[utf8.index(after: slash)...]
            .split(whereSeparator: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "/") })
            .map { String(decoding: $0, as: UTF8.self).lowercased() }
    }
}
