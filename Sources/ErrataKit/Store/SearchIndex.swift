/// The FTS5 index `records_fts`, derived from the tables: one row per
/// record, its columns `RecordRows.searchColumns`.
public enum SearchIndex {
    /// Makes the index again from the records: a migration that changes its
    /// columns, and `errata check --repair` when it no longer matches the
    /// tables, both end here. Dropping it first works even when its own
    /// pages are damaged. Runs inside the caller's transaction, and ends
    /// in one segment (a rebuilt index is all new, as after a large import:
    /// `mergeAfterImport` says why). `bufferSize` is FTS5's `hashsize`,
    /// schema.sql's; a test makes it small to have many segments.
    @discardableResult
    public static func rebuild(_ db: Database, bufferSize: Int = 16_777_216) throws -> Int {
        let columns = RecordRows.searchColumns.joined(separator: ", ")
        try db.execute("""
            DROP TABLE IF EXISTS records_fts;
            CREATE VIRTUAL TABLE records_fts USING fts5 (\(columns), tokenize = 'porter unicode61 remove_diacritics 2');
            INSERT INTO records_fts (records_fts, rank) VALUES ('hashsize', \(bufferSize));
            """)
        let store = RecordStore(db)
        let insert = try db.prepare("INSERT INTO records_fts (rowid, \(columns)) VALUES (?\(String(repeating: ", ?", count: RecordRows.searchColumns.count)))")
        var rows = 0
        for rid in try db.prepare("SELECT rid FROM records ORDER BY rid").map([], { $0.int64(0) }) {
            guard let record = try store.load(rid: rid) else { continue }
            try insert.run([.integer(rid)] + RecordRows.searchText(record).map(SQLValue.text))
            rows += 1
        }
        if try segmentCount(db) > 1 { try db.execute("INSERT INTO records_fts (records_fts) VALUES ('optimize')") }
        return rows
    }

    /// How many segments the index is in: FTS5 writes a segment each time
    /// its buffer of new entries fills, and merges four of a level at a
    /// time, so a large import leaves several.
    public static func segmentCount(_ db: Database) throws -> Int {
        Int(try db.scalarInteger("SELECT count(DISTINCT segid) FROM records_fts_idx") ?? 0)
    }

    /// Merges the index into one segment when an import that wrote at least
    /// a quarter of the records left it in more than two. A search reads
    /// each word's list in every segment, and finds each hit's snippet with
    /// a seek per word and segment: at a million records, the seven
    /// segments of an import made those seeks four times as slow as one
    /// segment (0.4 against 0.1 ms a hit): the in-process median was
    /// 24.2-35.1 ms against 19.8-22.5 on a merged copy.
    /// Merging rewrites the whole index (26 s at a million records, after
    /// an import of seven minutes), hence the quarter: a small import into
    /// a large database leaves the merging to FTS5. `stopRequested` true
    /// (a signal; asked every `checkEvery` SQLite steps) stops the merge,
    /// rolled back, the index as it was. Returns whether it merged.
    @discardableResult
    public static func mergeAfterImport(_ db: Database, written: Int, stopRequested: (() -> Bool)? = nil,
                                        checkEvery: Int32 = 1000) throws -> Bool {
        guard written > 0, written * 4 >= (try RecordStore(db).count()), try segmentCount(db) > 2 else { return false }
        try db.stopping(when: stopRequested ?? { false }, every: checkEvery) {
            try db.inTransaction(.immediate) {
                try db.execute("INSERT INTO records_fts (records_fts) VALUES ('optimize')")
            }
        }
        return true
    }

    /// Records whose index row is missing or differs from what their
    /// tables give now, and index rows of no record: empty when the index
    /// is in step with the tables.
    public static func differences(_ db: Database, limit: Int = 10) throws -> (count: Int, examples: [String]) {
        let store = RecordStore(db)
        let columns = RecordRows.searchColumns.joined(separator: ", ")
        let indexed = try db.prepare("SELECT \(columns) FROM records_fts WHERE rowid = ?")
        var count = 0
        var examples: [String] = []
        func note(_ text: String) {
            count += 1
            if examples.count < limit { examples.append(text) }
        }
        for (rid, id) in try db.prepare("SELECT rid, id FROM records ORDER BY rid").map([], { ($0.int64(0), $0.text(1) ?? "") }) {
            guard let record = try store.load(rid: rid) else { continue }
            let stored = try indexed.map([.integer(rid)]) { row in
                (0..<RecordRows.searchColumns.count).map { row.text(Int32($0)) ?? "" }
            }
            if stored.isEmpty {
                note("\(id): not in the index")
            } else if stored[0] != RecordRows.searchText(record) {
                note("\(id): index text differs from the record")
            }
        }
        let orphans = try db.prepare("SELECT rowid FROM records_fts WHERE rowid NOT IN (SELECT rid FROM records)").map([]) { $0.int64(0) }
        for rowid in orphans { note("index row \(rowid): no such record") }
        return (count, examples)
    }
}
