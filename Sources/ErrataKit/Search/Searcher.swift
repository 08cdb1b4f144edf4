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

    public init(db: Database) {
        self.db = db
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
        var hits = try everyWord(query, clauses, args, limit: limit, offset: offset)
        // Past the last page of an exact answer there is nothing more to show,
        // rather than a looser answer's later pages.
        if try hits.isEmpty && offset > 0 && !ranked(query.matchAll, query, clauses, args, limit: 1, offset: 0).isEmpty {
            return SearchResult(hits: [])
        }
        let core = query.termsWithoutQuotedValues
        if hits.isEmpty && !core.isEmpty && core.count < query.terms.count {
            // "No module named 'torch'": every word but the quoted value.
            hits = try ranked(core.joined(separator: " AND "), query, clauses, args, limit: limit, offset: offset)
            if !hits.isEmpty { return SearchResult(hits: hits, relaxed: true) }
        }
        if hits.isEmpty && query.canRelax {
            hits = try ranked(query.matchAny, query, clauses, args, limit: limit, offset: offset)
            return SearchResult(hits: hits, relaxed: !hits.isEmpty)
        }
        return SearchResult(hits: hits)
    }

    /// Records with every word, cheapest answer first: when enough records
    /// say every word in their signature or aliases, those are the answer
    /// (those columns weigh most anyway), and the small signatures_fts index
    /// finds them without reading the long posting lists of the full text;
    /// then the last word as typed, before it is widened to a prefix (a
    /// prefix reads the posting list of every word it starts). On a million
    /// records these tiers are the difference between milliseconds and a
    /// tenth of a second. A tier answers when its first page is full, so all
    /// pages of one query come from the same ranking.
    private func everyWord(_ query: FTSQuery, _ clauses: [String], _ args: [SQLValue], limit: Int, offset: Int) throws -> [SearchHit] {
        var tiers: [(_ limit: Int, _ offset: Int) throws -> [SearchHit]] = []
        if !query.hasCJK {  // CJK text lives in records_fts only
            tiers.append { try self.bySignature(query.matchExact, clauses, args, limit: $0, offset: $1) }
        }
        if query.hasPrefix {
            tiers.append { try self.ranked(query.matchExact, query, clauses, args, limit: $0, offset: $1) }
        }
        for tier in tiers {
            let first = try tier(limit, 0)
            if first.count == limit { return offset == 0 ? first : try tier(limit, offset) }
        }
        return try ranked(query.matchAll, query, clauses, args, limit: limit, offset: offset)
    }

    private func bySignature(_ match: String, _ clauses: [String], _ args: [SQLValue], limit: Int, offset: Int) throws -> [SearchHit] {
        let whereSQL = (["signatures_fts MATCH ?"] + clauses).joined(separator: " AND ")
        let sql = """
            SELECT r.rid, r.id, r.domain, r.category, r.signature, bm25(signatures_fts, 10.0, 8.0) AS rank,
                   highlight(signatures_fts, 0, char(2), char(3))
            FROM signatures_fts JOIN records r ON r.rid = signatures_fts.rowid
            WHERE \(whereSQL)
            ORDER BY rank, r.rid LIMIT ? OFFSET ?
            """
        return try db.cached(sql).map([.text(match)] + args + [.integer(Int64(limit)), .integer(Int64(offset))]) { row in
            SearchHit(rid: row.int64(0), id: row.text(1) ?? "", domain: row.text(2) ?? "", category: row.text(3),
                      signature: row.text(4) ?? "", score: -row.double(5), snippet: nil, highlightedSignature: row.text(6))
        }
    }

    private func ranked(_ match: String, _ query: FTSQuery, _ clauses: [String], _ args: [SQLValue], limit: Int, offset: Int) throws -> [SearchHit] {
        let whereSQL = (["records_fts MATCH ?"] + clauses).joined(separator: " AND ")
        let sql = """
            SELECT r.rid, r.id, r.domain, r.category, r.signature, bm25(records_fts, \(Self.weights)) AS rank,
                   snippet(records_fts, -1, char(2), char(3), '…', 14), r.signature_zh, r.root_cause_zh,
                   highlight(records_fts, 0, char(2), char(3))
            FROM records_fts JOIN records r ON r.rid = records_fts.rowid
            WHERE \(whereSQL)
            ORDER BY rank, r.rid LIMIT ? OFFSET ?
            """
        return try db.cached(sql).map([.text(match)] + args + [.integer(Int64(limit)), .integer(Int64(offset))]) { row in
            var snippet = row.text(6)
            if query.hasCJK {
                snippet = Self.highlight(query.cjkWords, in: [row.text(7), row.text(8), row.text(4)]) ?? snippet
            }
            let signature = row.text(4) ?? ""
            let highlighted = row.text(9)
            // A snippet cut from the signature says nothing the signature does not.
            if let s = snippet, Self.plain(s).split(separator: "…").allSatisfy({ signature.contains($0.trimmingSpaces) }) {
                snippet = nil
            }
            return SearchHit(rid: row.int64(0), id: row.text(1) ?? "", domain: row.text(2) ?? "", category: row.text(3),
                             signature: signature, score: -row.double(5), snippet: snippet,
                             highlightedSignature: highlighted?.contains(Self.highlightStart) == true ? highlighted : nil)
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
