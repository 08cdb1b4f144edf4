/// Filters that narrow a search or a listing; all combine with AND.
public struct SearchFilters: Equatable, Sendable {
    public var domain: String?
    public var category: String?
    public var tag: String?
    public var tier: String?
    public var minConfidence: Double?
    public var status: String?
    public var version: VersionSpec?

    public init(domain: String? = nil, category: String? = nil, tag: String? = nil, tier: String? = nil,
                minConfidence: Double? = nil, status: String? = nil, version: VersionSpec? = nil) {
        self.domain = domain
        self.category = category
        self.tag = tag
        self.tier = tier
        self.minConfidence = minConfidence
        self.status = status
        self.version = version
    }

    /// SQL conditions on `records r`, with their arguments.
    func sql() -> (clauses: [String], args: [SQLValue]) {
        var clauses: [String] = []
        var args: [SQLValue] = []
        if let domain { clauses.append("r.domain = ? COLLATE NOCASE"); args.append(.text(domain)) }
        if let category { clauses.append("r.category = ? COLLATE NOCASE"); args.append(.text(category)) }
        if let tag {
            clauses.append("EXISTS (SELECT 1 FROM tags t WHERE t.record_rid = r.rid AND t.tag = ? COLLATE NOCASE)")
            args.append(.text(tag))
        }
        if let tier { clauses.append("r.verification_tier = ? COLLATE NOCASE"); args.append(.text(tier)) }
        if let minConfidence { clauses.append("r.confidence >= ?"); args.append(.real(minConfidence)) }
        if let status {
            clauses.append("EXISTS (SELECT 1 FROM versions v WHERE v.record_rid = r.rid AND v.status = ? COLLATE NOCASE)")
            args.append(.text(status))
        }
        if let version {
            let (cond, vargs) = version.sqlCondition()
            clauses.append("EXISTS (SELECT 1 FROM versions v WHERE v.record_rid = r.rid AND \(cond))")
            args += vargs
        }
        return (clauses, args)
    }
}

public struct SearchHit: Equatable, Sendable {
    public var rid: Int64
    public var id: String
    public var domain: String
    public var category: String?
    public var signature: String
    /// Higher is better (negated bm25); 0 for a plain listing.
    public var score: Double
    /// Matched text with highlights between U+0002 and U+0003, from the
    /// best-matching column; nil when only the signature matched.
    public var snippet: String?
    /// The signature with its matching words highlighted the same way.
    public var highlightedSignature: String?
}

public struct SearchResult: Equatable, Sendable {
    public var hits: [SearchHit]
    /// No record had every word; these have some of them.
    public var relaxed = false
    /// The query had nothing searchable in it (only punctuation, say).
    public var emptyQuery = false
    /// At least `Searcher.rankingWindow` records matched: that many of the
    /// newest were ranked.
    public var windowed = false
}

/// Ranked full-text search with filters (DESIGN, `search`).
public struct Searcher {
    public static let highlightStart = "\u{02}"
    public static let highlightEnd = "\u{03}"
    /// bm25 weights, in the column order of records_fts: signature and
    /// aliases count most, then root cause, tags and the translations,
    /// then dead ends and workarounds.
    static let weights = "10.0, 8.0, 4.0, 1.5, 1.5, 3.0, 3.0, 3.0"

    let db: Database
    /// At most this many records are ranked for one search: the newest that
    /// match, when as many or more do (`SearchResult.windowed`).
    public var rankingWindow: Int
    public static let defaultRankingWindow = 5000

    public init(db: Database, rankingWindow: Int = Searcher.defaultRankingWindow) {
        self.db = db
        self.rankingWindow = rankingWindow
    }

    public func search(_ text: String?, filters: SearchFilters = SearchFilters(), limit: Int = 10, offset: Int = 0) throws -> SearchResult {
        let (filterClauses, filterArgs) = filters.sql()
        guard let text, !text.trimmingSpaces.isEmpty else {
            return SearchResult(hits: try list(filterClauses, filterArgs, limit: limit, offset: offset))
        }
        let query = FTSQuery(text)
        if query.isEmpty {
            return SearchResult(hits: [], emptyQuery: true)
        }
        var clauses = filterClauses
        var args = filterArgs
        if !query.excluded.isEmpty {
            clauses.append("r.rid NOT IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
            args.append(.text(query.matchExcluded))
        }
        if query.terms.isEmpty {
            return SearchResult(hits: try list(clauses, args, limit: limit, offset: offset))
        }
        let conditions = Conditions(clauses: clauses, args: args)
        var page = try everyWord(query, conditions, limit: limit, offset: offset)
        // Past the last page of an exact answer there is nothing more to show,
        // rather than a looser answer's later pages.
        if try page.hits.isEmpty && offset > 0 && !ranked(.records, query.matchAll, query, conditions, limit: 1, offset: 0).hits.isEmpty {
            return SearchResult(hits: [])
        }
        let core = query.termsWithoutQuotedValues
        if page.hits.isEmpty && !core.isEmpty && core.count < query.terms.count {
            // "No module named 'torch'": every word but the quoted value.
            page = try ranked(.records, core.joined(separator: " AND "), query, conditions, limit: limit, offset: offset)
            if !page.hits.isEmpty { return SearchResult(hits: page.hits, relaxed: true, windowed: page.windowed) }
        }
        if page.hits.isEmpty && query.canRelax {
            page = try ranked(.records, query.matchAny, query, conditions, limit: limit, offset: offset)
            return SearchResult(hits: page.hits, relaxed: !page.hits.isEmpty, windowed: page.windowed)
        }
        return SearchResult(hits: page.hits, windowed: page.windowed)
    }

    /// Filter conditions on `records r` and their arguments.
    private struct Conditions {
        var clauses: [String]
        var args: [SQLValue]
    }

    private enum Index: String {
        case signatures = "signatures_fts"
        case records = "records_fts"
    }

    private struct Page {
        var hits: [SearchHit]
        var windowed = false
    }

    /// Records with every word, cheapest answer first. When a page of
    /// records say every word in their signature or aliases, those are the
    /// answer (those columns weigh most anyway), and the small signatures_fts
    /// index finds them without reading the long posting lists of the full
    /// text. Then the full text with the last word as typed, and only when
    /// that finds nothing, as a prefix: a prefix reads the posting list of
    /// every word it starts ("error*" on a million records: a third of a
    /// second). Which tier answers is decided on the first page, so all
    /// pages of one query come from the same ranking.
    private func everyWord(_ query: FTSQuery, _ conditions: Conditions, limit: Int, offset: Int) throws -> Page {
        // (index, match, how many hits on the first page make it the answer)
        var tiers: [(Index, String, Int)] = []
        if !query.hasCJK { tiers.append((.signatures, query.matchExact, limit)) }  // CJK text lives in records_fts only
        // A last word that is found as typed was finished: the prefix is
        // for one that was not ("certificate verif").
        if query.hasPrefix { tiers.append((.records, query.matchExact, 1)) }
        for (index, match, enough) in tiers {
            let first = try ranked(index, match, query, conditions, limit: limit, offset: 0)
            if first.hits.count >= enough { return offset == 0 ? first : try ranked(index, match, query, conditions, limit: limit, offset: offset) }
        }
        return try ranked(.records, query.matchAll, query, conditions, limit: limit, offset: offset)
    }

    /// Ranks in two steps. The first reads only ranks, of at most the
    /// `rankingWindow` newest matching records: bm25 reads every match's
    /// column sizes and positions (microseconds each), and at a million
    /// records a common word matches a quarter of them: a third of a second,
    /// where the window costs a few milliseconds. The second makes snippets
    /// and highlights for the page alone; in one query SQLite makes them for
    /// every match before it sorts.
    private func ranked(_ index: Index, _ match: String, _ query: FTSQuery, _ conditions: Conditions, limit: Int, offset: Int) throws -> Page {
        let table = index.rawValue
        let weights = index == .signatures ? "10.0, 8.0" : Self.weights
        let filters = conditions.clauses.map { " AND " + $0 }.joined()
        // The records row of every match is read only to filter: unfiltered,
        // those reads were most of the time (a 1.8 GB table at a million records).
        let join = filters.isEmpty ? "" : " JOIN records r ON r.rid = \(table).rowid"
        var matched = 0
        let ranks = try db.cached(Self.windowedRankSQL(table: table, weights: weights, join: join, filters: filters)).map([.text(match)] + conditions.args
                                               + [.integer(Int64(rankingWindow)), .integer(Int64(limit)), .integer(Int64(offset))]) { row in
            matched = Int(row.int64(2))
            return (rid: row.int64(0), score: -row.double(1))
        }
        let hits = try ranks.compactMap { try hit(index, match, query, rid: $0.rid, score: $0.score) }
        return Page(hits: hits, windowed: matched >= rankingWindow)
    }

    /// Ranks the newest matches of `table` (bound: MATCH text, filter
    /// arguments, window, limit, offset) and gives rid, score (lower is
    /// better) and how many were ranked. Match takes its candidates with it too.
    static func windowedRankSQL(table: String, weights: String, join: String = "", filters: String = "") -> String {
        """
        SELECT rid, score, count(*) OVER () FROM (
            SELECT \(table).rowid AS rid, errata_bm25(\(table), \(weights)) AS score
            FROM \(table)\(join)
            WHERE \(table) MATCH ?\(filters)
            ORDER BY \(table).rowid DESC LIMIT ?)
        ORDER BY score, rid LIMIT ? OFFSET ?
        """
    }

    /// One ranked record with its highlighted signature and snippet.
    private func hit(_ index: Index, _ match: String, _ query: FTSQuery, rid: Int64, score: Double) throws -> SearchHit? {
        switch index {
        case .signatures:
            let sql = """
                SELECT r.id, r.domain, r.category, r.signature, highlight(signatures_fts, 0, char(2), char(3))
                FROM signatures_fts JOIN records r ON r.rid = signatures_fts.rowid
                WHERE signatures_fts MATCH ? AND signatures_fts.rowid = ?
                """
            return try db.cached(sql).map([.text(match), .integer(rid)]) { row in
                SearchHit(rid: rid, id: row.text(0) ?? "", domain: row.text(1) ?? "", category: row.text(2),
                          signature: row.text(3) ?? "", score: score, snippet: nil, highlightedSignature: row.text(4))
            }.first
        case .records:
            let sql = """
                SELECT r.id, r.domain, r.category, r.signature,
                       snippet(records_fts, -1, char(2), char(3), '…', 14), r.signature_zh, r.root_cause_zh,
                       highlight(records_fts, 0, char(2), char(3))
                FROM records_fts JOIN records r ON r.rid = records_fts.rowid
                WHERE records_fts MATCH ? AND records_fts.rowid = ?
                """
            return try db.cached(sql).map([.text(match), .integer(rid)]) { row in
                var snippet = row.text(4)
                if query.hasCJK {
                    snippet = Self.highlight(query.cjkWords, in: [row.text(5), row.text(6), row.text(3)]) ?? snippet
                }
                let signature = row.text(3) ?? ""
                let highlighted = row.text(7)
                // A snippet cut from the signature says nothing the signature does not.
                if let s = snippet, Self.plain(s).split(separator: "…").allSatisfy({ signature.contains($0.trimmingSpaces) }) {
                    snippet = nil
                }
                return SearchHit(rid: rid, id: row.text(0) ?? "", domain: row.text(1) ?? "", category: row.text(2),
                                 signature: signature, score: score, snippet: snippet,
                                 highlightedSignature: highlighted?.contains(Self.highlightStart) == true ? highlighted : nil)
            }.first
        }
    }

    private func list(_ clauses: [String], _ args: [SQLValue], limit: Int, offset: Int) throws -> [SearchHit] {
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT r.rid, r.id, r.domain, r.category, r.signature FROM records r \(whereSQL) ORDER BY r.id LIMIT ? OFFSET ?"
        return try db.cached(sql).map(args + [.integer(Int64(limit)), .integer(Int64(offset))]) { row in
            SearchHit(rid: row.int64(0), id: row.text(1) ?? "", domain: row.text(2) ?? "", category: row.text(3),
                      signature: row.text(4) ?? "", score: 0, snippet: nil)
        }
    }

    /// `text` with its highlight markers replaced by `open` and `close`.
    public static func render(_ text: String, open: String, close: String) -> String {
        text.replacing(highlightStart, with: open).replacing(highlightEnd, with: close)
    }

    static func plain(_ text: String) -> String {
        render(text, open: "", close: "")
    }

    /// The first text containing one of `words`, with every occurrence marked.
    static func highlight(_ words: [String], in texts: [String?]) -> String? {
        for case let text? in texts {
            var marked = text
            var found = false
            for word in words where !word.isEmpty && marked.contains(word) {
                found = true
                marked = marked.split(separator: word, omittingEmptySubsequences: false)
                    .joined(separator: highlightStart + word + highlightEnd)
            }
            if found { return marked }
        }
        return nil
    }
}
