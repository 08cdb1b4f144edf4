/// What records_fts says about one query: how many records there are, in
/// how many each term occurs, and for every matching record how often each
/// term occurs in each column. Read with the `errata_stats` function of the
/// CSQLite shim; the ranker scores from these numbers alone, so fitting the
/// model (errata-quality) and answering a query compute the same score.
public struct TermStatistics: Sendable {
    public typealias Hit = (term: Int, column: Int, count: Double)

    public struct Row: Sendable {
        public var rid: Int64
        /// Tokens in each column of this record.
        public var columnSizes: ColumnSizes
        /// (term index, column, occurrences), for the pairs that occur.
        public var hits: ArraySlice<Hit>
    }

    /// A row's column sizes, indexed from 0: a view of one array shared by
    /// all rows (three arrays a row were a tenth of a large search, in
    /// allocating and freeing them).
    public struct ColumnSizes: RandomAccessCollection, Sendable {
        let base: ArraySlice<Double>
        public var startIndex: Int { 0 }
        public var endIndex: Int { base.count }
        public subscript(column: Int) -> Double { base[base.startIndex + column] }
    }

    public var rowCount: Double = 0
    /// Records containing each term (sampled past 2,000: ERRATA_SAMPLE in the CSQLite shim).
    public var documentCounts: [Double] = []
    /// Whether some record has term `i` (a term past the counts was not counted: none).
    public func has(term i: Int) -> Bool { i < documentCounts.count && documentCounts[i] > 0 }
    /// Mean tokens per record, per column.
    public var averageSizes: [Double] = []
    public var rows: [Row] = []

    /// Records matching `match`, at most `window` of them, the newest first,
    /// plus optional SQL filters on `records r`. The expression's phrases
    /// from `phraseOffset` on are the terms, in order; those before it
    /// only choose the records and are left out of the statistics. Or
    /// `phraseTerms` says which term each phrase is (-1: none). When the
    /// caller knows that no more than `window` records match, `newestFirst`
    /// false reads them in rowid order, which FTS5 walks in half the time,
    /// and gives them in the same order.
    static func read(_ db: Database, match: String, phraseOffset: Int = 0, phraseTerms: [Int]? = nil, window: Int,
                     newestFirst: Bool = true, filters: [String] = [], args: [SQLValue] = [],
                     table: String = "records_fts") throws -> TermStatistics {
        let join = filters.isEmpty ? "" : " JOIN records r ON r.rid = \(table).rowid"
        let conditions = filters.map { " AND " + $0 }.joined()
        // The column sizes ride in from the docsize table (see errata_stats.c:
        // a third of a large read, against FTS5 looking each row up itself).
        let sql = """
            SELECT \(table).rowid, errata_stats(\(table), d.sz) FROM \(table)
            LEFT JOIN \(table)_docsize d ON d.id = \(table).rowid\(join)
            WHERE \(table) MATCH ?\(conditions) ORDER BY \(table).rowid \(newestFirst ? "DESC" : "ASC") LIMIT ?
            """
        var stats = TermStatistics()
        var columns = 0
        var termOf = phraseTerms ?? []
        // Every row's numbers go into two arrays; the rows are views of them, made at the end.
        var sizes: [Double] = []
        var hits: [Hit] = []
        var spans: [(rid: Int64, sizes: Int, hits: Int)] = []
        try db.cached(sql).forEach([.text(match)] + args + [.integer(Int64(window))]) { row in
            row.withBlob(1) { blob in
                let count = blob.count / MemoryLayout<Double>.size
                guard count > 0 else { return }
                func value(_ i: Int) -> Double { blob.loadUnaligned(fromByteOffset: i * MemoryLayout<Double>.size, as: Double.self) }
                var i = 1
                if value(0) == 1 {
                    stats.rowCount = value(1)
                    let phrases = Int(value(2))
                    columns = Int(value(3))
                    i = 4
                    if phraseTerms == nil { termOf = (0..<phrases).map { $0 - phraseOffset } }
                    termOf += [Int](repeating: -1, count: max(0, phrases - termOf.count))
                    stats.documentCounts = [Double](repeating: 0, count: max(0, (termOf.max() ?? -1) + 1))
                    for p in 0..<phrases where termOf[p] >= 0 { stats.documentCounts[termOf[p]] = value(i + p) }
                    i += phrases
                    stats.averageSizes = (i..<(i + columns)).map { stats.rowCount > 0 ? max(1, value($0) / stats.rowCount) : 1 }
                    i += columns
                }
                guard columns > 0, count >= i + columns else { return }
                spans.append((row.int64(0), sizes.count, hits.count))
                for c in i..<(i + columns) { sizes.append(value(c)) }
                i += columns
                while i + 2 < count {
                    let phrase = Int(value(i))
                    let term = termOf.indices.contains(phrase) ? termOf[phrase] : -1
                    if term >= 0 { hits.append((term, Int(value(i + 1)), value(i + 2))) }
                    i += 3
                }
            }
        }
        stats.rows.reserveCapacity(spans.count)
        for (n, span) in spans.enumerated() {
            let hitEnd = n + 1 < spans.count ? spans[n + 1].hits : hits.count
            stats.rows.append(Row(rid: span.rid, columnSizes: ColumnSizes(base: sizes[span.sizes..<(span.sizes + columns)]),
                                  hits: hits[span.hits..<hitEnd]))
        }
        if !newestFirst { stats.rows.reverse() }
        return stats
    }
}

/// Which row of `TermStatistics.rows` a record is, by binary search over
/// the rids (newest first, as read): a `[Int64: Int]` here cost every
/// start-up a scan of the runtime's conformance records for Int64's
/// Hashable, a twentieth of a whole-process search.
public struct RowIndex: Sendable {
    private let rids: [Int64]
    /// Row positions by rid, descending; nil when `rids` already is.
    private let order: [Int]?

    init(_ rids: [Int64]) {
        self.rids = rids
        let descending = zip(rids, rids.dropFirst()).allSatisfy { $0 > $1 }
        order = descending ? nil : rids.indices.sorted { (rids[$0], $1) > (rids[$1], $0) }
    }

    /// The first row of `rid`, or nil.
    public subscript(rid: Int64) -> Int? {
        var low = 0
        var high = rids.count
        while low < high {
            let mid = (low + high) / 2
            let value = rids[order?[mid] ?? mid]
            if value > rid { low = mid + 1 } else { high = mid }
        }
        guard low < rids.count else { return nil }
        let row = order?[low] ?? low
        return rids[row] == rid ? row : nil
    }
}
