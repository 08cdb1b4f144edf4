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

    /// The count of the records when the only filter is a version, a tag
    /// or a status: read from that table's index alone, without a record
    /// (at a million records, a status every record has: 0.3 s, against
    /// seconds for looking up each record).
    var indexedCount: (sql: String, args: [SQLValue])? {
        guard domain == nil, category == nil, tier == nil, minConfidence == nil else { return nil }
        let rows = rowConditions(.lookup)
        guard rows.count == 1, let only = rows.first else { return nil }
        return ("SELECT count(DISTINCT \(only.alias).record_rid) FROM \(only.table) \(only.alias) WHERE \(only.sql)", only.args)
    }

    /// The same filters with another version spec.
    public func with(version: VersionSpec?) -> SearchFilters {
        var copy = self
        copy.version = version
        return copy
    }

    /// How the version, tag and status conditions meet the records: each
    /// record tests its own rows (`probe`: a ranked search's few thousand
    /// candidates, or a listing that walks the ids and stops at the page,
    /// when many match), or the matching rows are read once through their
    /// index and those records looked up (`lookup`: a listing's count, and
    /// its page when few match).
    enum RowPlan { case probe, lookup }

    /// A condition on the rows of another table that belong to a record
    /// (`tags t`, `versions v`).
    struct RowCondition {
        let table: String
        let alias: String
        let sql: String
        let args: [SQLValue]

        /// The condition on `records r`, in the plan's form.
        func onRecord(_ plan: RowPlan) -> String {
            switch plan {
            case .probe: "EXISTS (SELECT 1 FROM \(table) \(alias) WHERE \(alias).record_rid = r.rid AND \(sql))"
            case .lookup: "r.rid IN (SELECT \(alias).record_rid FROM \(table) \(alias) WHERE \(sql))"
            }
        }
    }

    /// The tag, status and version filters, as conditions on their tables' rows.
    func rowConditions(_ plan: RowPlan) -> [RowCondition] {
        var rows: [RowCondition] = []
        if let tag { rows.append(RowCondition(table: "tags", alias: "t", sql: "t.tag = ? COLLATE NOCASE", args: [.text(tag)])) }
        if let status { rows.append(RowCondition(table: "versions", alias: "v", sql: "v.status = ? COLLATE NOCASE", args: [.text(status)])) }
        if let version {
            // Without statistics SQLite probed the correlated form through
            // versions_product, reading every version of the product for
            // each record (minutes for a listing at a million records): the
            // unary + on the product leaves `probe` the primary key.
            let (sql, args) = version.sqlCondition(productIndexed: plan == .lookup)
            rows.append(RowCondition(table: "versions", alias: "v", sql: sql, args: args))
        }
        return rows
    }

    /// SQL conditions on `records r`, with their arguments.
    func sql(_ plan: RowPlan) -> (clauses: [String], args: [SQLValue]) {
        var clauses: [String] = []
        var args: [SQLValue] = []
        if let domain { clauses.append("r.domain = ? COLLATE NOCASE"); args.append(.text(domain)) }
        if let category { clauses.append("r.category = ? COLLATE NOCASE"); args.append(.text(category)) }
        if let tier { clauses.append("r.verification_tier = ? COLLATE NOCASE"); args.append(.text(tier)) }
        if let minConfidence { clauses.append("r.confidence >= ?"); args.append(.real(minConfidence)) }
        for row in rowConditions(plan) {
            clauses.append(row.onRecord(plan))
            args += row.args
        }
        return (clauses, args)
    }
}

@dynamicMemberLookup
public struct SearchHit: RecordHitCarrying, Equatable, Sendable {
    public var record: RecordHit
    /// Matched text with highlights between U+0002 and U+0003, from the
    /// best-matching column; nil when only the signature matched.
    public var snippet: String?
    /// The signature with its matching words highlighted the same way.
    public var highlightedSignature: String?
    /// Whether the record has every word of the query (those with every
    /// word come first, then those with some); nil for a listing by filters.
    public var hasEveryWord: Bool?
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
    /// How many hits there are in all (errors, when environments are grouped), before limit and offset.
    public var total = 0
    /// False when `total` counts records past those ranked in full, each
    /// as its own error (at most that many errors, then).
    public var totalIsExact = true

    /// `total` as a person reads it: "1,428", "about 694" (not exact),
    /// "4,987+" (more records matched than were read).
    public var totalText: String {
        windowed ? Count.grouped(total) + "+" : (totalIsExact ? "" : "about ") + Count.grouped(total)
    }
    /// `totalText` and the noun: "1 record", "about 694 records".
    public var totalRecords: String {
        totalText + (total == 1 && totalIsExact && !windowed ? " record" : " records")
    }
    /// How many of `total` have every word of the query: they come first,
    /// and the others (with some of the words) after them. `total` when the
    /// search had no words; 0 when `relaxed`.
    public var everyWord = 0
    /// Records with some of the words follow those with all of them (what
    /// the notes of the CLI, the API and MCP say, each in its own words).
    public var someFollowEvery: Bool { !relaxed && everyWord < total }

    public init(hits: [SearchHit] = [], relaxed: Bool = false, emptyQuery: Bool = false, windowed: Bool = false, total: Int = 0,
                everyWord: Int? = nil) {
        self.hits = hits
        self.relaxed = relaxed
        self.emptyQuery = emptyQuery
        self.windowed = windowed
        self.total = total
        self.everyWord = everyWord ?? (relaxed ? 0 : total)
    }
}

/// Ranked full-text search with filters (DESIGN, `search`).
public struct Searcher {
    public static let highlightStart = "\u{02}"
    public static let highlightEnd = "\u{03}"
    let db: Database
    public var model = RankingModel.keywords
    /// At most this many records are ranked for one search: the newest that
    /// match, when as many or more do (`SearchResult.windowed`).
    public var rankingWindow: Int
    public static let defaultRankingWindow = 5000
    /// Fewer records than this with every word, and those with some follow them (a page's worth).
    public static let fewWithEveryWord = 10
    /// Kept across queries by a process that answers many (`RecordTextCache`).
    public var textCache: RecordTextCache?

    public init(db: Database, rankingWindow: Int = Searcher.defaultRankingWindow) {
        self.db = db
        self.rankingWindow = rankingWindow
    }

    public func search(_ text: String?, filters: SearchFilters = SearchFilters(), limit: Int = 10, offset: Int = 0,
                       groupVariants: Bool = true) throws -> SearchResult {
        guard let text, !text.trimmingWhitespace.isEmpty else {
            return try listing(filters, excluding: nil, limit: limit, offset: offset)
        }
        let query = FTSQuery(text)
        if query.isEmpty {
            return SearchResult(hits: [], emptyQuery: true)
        }
        if query.terms.isEmpty {
            return try listing(filters, excluding: query.matchExcluded, limit: limit, offset: offset)
        }
        var (clauses, args) = filters.sql(.probe)
        if !query.excluded.isEmpty {
            clauses.append("r.rid NOT IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
            args.append(.text(query.matchExcluded))
        }
        guard let (ranker, prepared, required, relaxed) = try prepare(query, text: text, clauses, args) else { return SearchResult(hits: []) }
        // What one hit is: an error, or a record with --all-variants.
        func key(_ record: RankedRecord) -> String { groupVariants ? record.errorKey : record.id }
        func count(_ records: [RankedRecord]) -> Int { Set(records.map(key)).count }
        // The shortlist is ranked in full; a page past it goes on with the
        // other records in the shortlist's own order, the same for every page,
        // and one hit further: a page that ends the records says so (its
        // total exact), rather than promise a next page that is empty.
        func ranking(_ query: Ranker.Prepared) throws -> [RankedRecord] {
            let lexical = ranker.lexicalFeatures(query, model: ranker.model)
            let ranked = ranker.withConfidence(try ranker.rankAll(query, lexical: lexical))
            var keys = Set(ranked.map(key))
            guard keys.count <= offset + limit, ranked.count < query.stats.rows.count else { return ranked }
            let more = try ranker.pastShortlist(query, lexical: lexical, listed: Set(ranked.map(\.rid))) { record in
                keys.insert(key(record))
                return keys.count <= offset + limit
            }
            return ranked + ranker.withConfidence(more, among: ranked)
        }
        var ranked = try ranking(prepared)
        var read = prepared.stats.rows.count
        var everyWord = relaxed ? 0 : nil as Int?
        let windowed = prepared.stats.rows.count >= rankingWindow
        // Few records have every word: the records with some of them follow,
        // so that one record that happens to have every word does not hide
        // the rest. All are ranked together (their scores and confidences
        // compare), those with every word first. Decided by their count, not
        // by the page, so that every page of one search has the same total.
        var some: Ranker.Prepared?
        if !relaxed, query.canRelax, ranked.count == read, count(ranked) < Self.fewWithEveryWord {
            everyWord = count(ranked)
            // As match reads a log: a record must have one of the rarer words
            // (one that most records have makes no candidate by itself).
            let wide = try ranker.prepare(prepared.terms, lines: prepared.lines, filters: clauses, args: args)
            let all = try ranking(wide)
            let others = all.filter { prepared.rowOf[$0.rid] == nil }
            let rids = Set(all.map(\.rid))
            // Every record with every word is among them, unless a window or
            // the shortlist cut one away: then those keep their own ranking.
            ranked = ranked.allSatisfy { rids.contains($0.rid) } ? all.filter { prepared.rowOf[$0.rid] != nil } + others : ranked + others
            read = max(read, wide.stats.rows.count)
            some = wide
        }
        // Past the ranked records each counts as an error of its own: the
        // total is then an upper bound (their ids were never read).
        let unranked = max(0, read - ranked.count)
        let total = count(ranked) + unranked
        let page = (groupVariants ? Ranker.grouped(ranked, limit: offset + limit) : Array(ranked.prefix(offset + limit))).dropFirst(offset)
        let columns = query.hasCJK ? Self.snippetColumns : Self.snippetColumns.filter { $0 != Self.zhColumn }
        let hits = try page.compactMap { record in
            // A record with some of the words: its snippet and highlights are of those.
            let fromSome = prepared.rowOf[record.rid] == nil ? some : nil
            var found = try hit(fromSome == nil ? required : query.matchAny, query, ranked: record,
                                column: snippetColumn(fromSome ?? prepared, rid: record.rid, among: columns))
            found?.hasEveryWord = fromSome == nil && !relaxed
            return found
        }
        var result = SearchResult(hits: hits, relaxed: relaxed, windowed: windowed, total: total, everyWord: everyWord ?? total)
        result.totalIsExact = unranked == 0 || !groupVariants
        return result
    }

    /// The query read for the ranker, limited to the records it may list;
    /// nil when it matches none. (errata-quality fits the model on this.)
    public func prepare(_ text: String) throws -> Ranker.Prepared? {
        try prepare(FTSQuery(text), text: text, [], [])?.prepared
    }

    private func prepare(_ query: FTSQuery, text: String, _ clauses: [String], _ args: [SQLValue]) throws
        -> (ranker: Ranker, prepared: Ranker.Prepared, required: String, relaxed: Bool)? {
        guard !query.terms.isEmpty, let (required, relaxed) = try listable(query, clauses, args) else { return nil }
        var ranker = Ranker(db: db, model: model)
        ranker.window = rankingWindow
        ranker.textCache = textCache
        let prepared = try ranker.prepare(QueryTerms(query: query.positiveText), lines: [text], required: required,
                                          filters: clauses, args: args)
        return (ranker, prepared, required, relaxed)
    }

    /// Which records a query may list, as an FTS5 expression: those with
    /// every word (the last one as typed, else as a prefix); when none has
    /// them all, those with every word but the 'quoted' values ("No module
    /// named 'torch'"), then those with any word (`relaxed`). Nil when
    /// nothing matches at all. When more records than the ranking window
    /// have some word, those with the most words are listed instead.
    private func listable(_ query: FTSQuery, _ clauses: [String], _ args: [SQLValue]) throws -> (String, relaxed: Bool)? {
        let join = clauses.isEmpty ? "" : " JOIN records r ON r.rid = records_fts.rowid"
        let conditions = clauses.map { " AND " + $0 }.joined()
        let exists = try db.cached("SELECT 1 FROM records_fts\(join) WHERE records_fts MATCH ?\(conditions) LIMIT 1")
        func matches(_ expression: String) throws -> Bool { try !exists.map([.text(expression)] + args, { _ in true }).isEmpty }
        var tiers: [(String, Bool)] = []
        if query.hasPrefix { tiers.append((query.matchExact, false)) }
        tiers.append((query.matchAll, false))
        let core = query.termsWithoutQuotedValues
        if !core.isEmpty && core.count < query.terms.count { tiers.append((core.joined(separator: " AND "), true)) }
        for (match, relaxed) in tiers where try matches(match) {
            return (match, relaxed)
        }
        guard query.canRelax, try matches(query.matchAny) else { return nil }
        // The window would keep the newest of the records with some word, not
        // the best: at a million records a typed query's words are each in
        // thousands. Those with all words but one come first, then all but two.
        let counted = try db.cached("SELECT count(*) FROM (SELECT 1 FROM records_fts\(join) WHERE records_fts MATCH ?\(conditions) LIMIT ?)")
        let many = try counted.map([.text(query.matchAny)] + args + [.integer(Int64(rankingWindow))]) { $0.int64(0) }.first ?? 0
        if many >= rankingWindow {
            for most in Self.mostWords(query.tokens) where try matches(most) { return (most, true) }
        }
        return (query.matchAny, true)
    }

    /// FTS5 expressions for records with all of `tokens` but one, then all
    /// but two, ... down to two of them, while there are at most 30 ways to
    /// pick them (six words: down to two; ten: all but one).
    static func mostWords(_ tokens: [String]) -> [String] {
        let distinct = Ranker.distinct(tokens)
        func subsets(_ k: Int, from start: Int) -> [[String]] {
            guard k > 0 else { return [[]] }
            guard start < distinct.count else { return [] }
            return subsets(k - 1, from: start + 1).map { [distinct[start]] + $0 } + subsets(k, from: start + 1)
        }
        var out: [String] = []
        var ways = 1
        for k in stride(from: distinct.count - 1, through: 2, by: -1) {
            ways = ways * (k + 1) / (distinct.count - k)
            guard ways <= 30 else { break }
            out.append(subsets(k, from: 0).map { "(" + $0.joined(separator: " AND ") + ")" }.joined(separator: " OR "))
        }
        return out
    }

    /// The columns a snippet is cut from: the text people wrote, not the
    /// words the index derives for ranking (id, regex, identifier parts).
    static let snippetColumns = ["aliases", "root_cause", "dead_ends", "workarounds", "tags", "zh"]
        .map { RecordRows.searchColumns.firstIndex(of: $0)! }

    /// The translations: a snippet for a query with CJK words only (a
    /// Chinese snippet for an English query matched on a quoted identifier).
    static let zhColumn = RecordRows.searchColumns.firstIndex(of: "zh")!

    /// Of `columns`, the one where the query's terms occur most often in
    /// this record (the ranking's statistics say), the first on a tie;
    /// root_cause when none has them.
    private func snippetColumn(_ prepared: Ranker.Prepared, rid: Int64, among columns: [Int]) -> Int {
        // By column index (a dictionary here cost a run-time type lookup on every start).
        var counts = [Double?](repeating: nil, count: RecordRows.searchColumns.count)
        if let row = prepared.rowOf[rid].map({ prepared.stats.rows[$0] }) {
            for hit in row.hits where columns.contains(hit.column) && counts.indices.contains(hit.column) {
                counts[hit.column] = (counts[hit.column] ?? 0) + hit.count
            }
        }
        return columns.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) }.flatMap { counts[$0] == nil ? nil : $0 }
            ?? RecordRows.searchColumns.firstIndex(of: "root_cause")!
    }

    /// One ranked record with its highlighted signature and a snippet of `column`.
    private func hit(_ match: String, _ query: FTSQuery, ranked: RankedRecord, column: Int) throws -> SearchHit? {
        let rid = ranked.rid
        let sql = """
            SELECT r.id, r.domain, r.category, r.signature, r.signature_zh, r.root_cause_zh,
                   highlight(records_fts, 0, char(2), char(3)), snippet(records_fts, ?, char(2), char(3), '…', 14)
            FROM records_fts JOIN records r ON r.rid = records_fts.rowid
            WHERE records_fts MATCH ? AND records_fts.rowid = ?
            """
        return try db.cached(sql).map([.integer(Int64(column)), .text(match), .integer(rid)]) { row in
            var snippet = row.text(7)
            if snippet?.containsBytes(of: Self.highlightStart) != true { snippet = nil }
            if query.hasCJK {
                snippet = Self.highlight(query.cjkWords, in: [row.text(4), row.text(5), row.text(3)]) ?? snippet
            }
            let signature = row.text(3) ?? ""
            let highlighted = row.text(6)
            // A snippet cut from the signature says nothing the signature does not.
            if let s = snippet, Self.plain(s).split(separator: "…").allSatisfy({ signature.containsBytes(of: $0.trimmingWhitespace) }) {
                snippet = nil
            }
            return SearchHit(record: RecordHit(rid: rid, id: row.text(0) ?? "", domain: row.text(1) ?? "", category: row.text(2),
                                               signature: signature, score: ranked.score,
                                               variants: ranked.variants, confidence: ranked.confidence, confident: ranked.confident),
                             snippet: snippet,
                             highlightedSignature: highlighted?.containsBytes(of: Self.highlightStart) == true ? highlighted : nil)
        }.first
    }

    /// The records the filters keep, by id, without ranking; `excluding`
    /// (an FTS5 expression) leaves out those it matches.
    private func listing(_ filters: SearchFilters, excluding: String?, limit: Int, offset: Int) throws -> SearchResult {
        func conditions(_ plan: SearchFilters.RowPlan) -> (sql: String, args: [SQLValue]) {
            var (clauses, args) = filters.sql(plan)
            if let excluding {
                clauses.append("r.rid NOT IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
                args.append(.text(excluding))
            }
            return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), args)
        }
        let total: Int
        if let count = filters.indexedCount, excluding == nil {
            total = Int(try db.scalarInteger(count.sql, count.args) ?? 0)
        } else {
            let (whereSQL, args) = conditions(.lookup)
            total = Int(try db.scalarInteger("SELECT count(*) FROM records r \(whereSQL)", args) ?? 0)
        }
        // Past one record in a hundred, walking the ids finds a page sooner
        // than reading and sorting every match.
        let records = try RecordStore.recordCountBound(db)
        let (whereSQL, args) = conditions(Int64(total) * 100 > records ? .probe : .lookup)
        let sql = "SELECT r.rid, r.id, r.domain, r.category, r.signature FROM records r \(whereSQL) ORDER BY r.id LIMIT ? OFFSET ?"
        let hits = try db.cached(sql).map(args + [.integer(Int64(limit)), .integer(Int64(offset))]) { row in
            SearchHit(record: RecordHit(rid: row.int64(0), id: row.text(1) ?? "", domain: row.text(2) ?? "", category: row.text(3),
                                        signature: row.text(4) ?? "", score: 0))
        }
        return SearchResult(hits: hits, total: total)
    }

    /// `text` with its highlight markers replaced by `open` and `close`.
    public static func render(_ text: String, open: String, close: String) -> String {
        // One pass over the bytes (the markers are ASCII, so never part of
        // a longer character): String's generic search was a tenth of a
        // whole-process search, appending scalar by scalar 40,000
        // instructions a snippet.
        guard text.utf8.contains(where: { $0 == 2 || $0 == 3 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8 * (open.utf8.count + close.utf8.count))
        for byte in text.utf8 {
            switch byte {
            case 2: out.append(contentsOf: open.utf8)
            case 3: out.append(contentsOf: close.utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func plain(_ text: String) -> String {
        render(text, open: "", close: "")
    }

    /// The marked spans of a snippet as [start, end) offsets in Unicode
    /// code points of its plain text (what `plain` gives).
    public static func highlightOffsets(_ text: String) -> [(start: Int, end: Int)] {
        var out: [(Int, Int)] = []
        var position = 0
        var open: Int?
        for scalar in text.unicodeScalars {
            if String(scalar) == highlightStart {
                open = position
            } else if String(scalar) == highlightEnd {
                if let start = open { out.append((start, position)) }
                open = nil
            } else {
                position += 1
            }
        }
        return out
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
