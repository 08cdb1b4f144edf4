/// Reads and writes `RecordData` in the normalized tables and keeps the
/// FTS index in step. Callers own the transaction.
public final class RecordStore {
    public let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    // MARK: lookup

    public func rid(of id: String) throws -> Int64? {
        try db.scalarInteger("SELECT rid FROM records WHERE id = ?", [.text(id)])
    }

    public func count() throws -> Int {
        Int(try db.scalarInteger("SELECT count(*) FROM records") ?? 0)
    }

    /// Every record's rid in id order (the order of `export --all`), without loading the records.
    public func allRIDs() throws -> [Int64] {
        try db.prepare("SELECT rid FROM records ORDER BY id").map([]) { $0.int64(0) }
    }

    /// At least the number of records, cheaply: the largest rid (count(*)
    /// reads the whole table). What a share of the records is taken of.
    static func recordCountBound(_ db: Database) throws -> Int64 {
        try db.scalarInteger("SELECT max(rid) FROM records") ?? 0
    }

    /// The columns of `records` in the order of `RecordRows.recordRow`.
    static let recordTableColumns = ["format"] + RecordSpec.recordColumns + ["layout", "trailing"]

    // MARK: write

    /// The insert statements, prepared once per store: an import runs them
    /// some fifteen times per record.
    private struct InsertStatements {
        let record, version, deadEnd, deadEndSource, workaround, workaroundSource: Statement
        let transition, tag, alias, translation, recordsFTS: Statement

        init(_ db: Database) throws {
            let columns = RecordStore.recordTableColumns
            func insert(_ table: String, _ columns: [String]) throws -> Statement {
                try db.prepare("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
            }
            record = try insert("records", columns)
            version = try insert("versions", ["record_rid", "ordinal"] + RecordRows.versionColumns
                + ["layout", "product_key", "vkey", "vnorm", "ranged", "lo_key", "lo_inclusive", "hi_key", "hi_inclusive"])
            deadEnd = try insert("dead_ends", ["record_rid", "ordinal"] + RecordRows.deadEndColumns + ["layout"])
            deadEndSource = try insert("dead_end_sources", ["dead_end_rid", "ordinal", "url"])
            workaround = try insert("workarounds", ["record_rid", "ordinal"] + RecordRows.workaroundColumns + ["layout"])
            workaroundSource = try insert("workaround_sources", ["workaround_rid", "ordinal", "url"])
            transition = try insert("transitions", ["from_rid", "kind", "ordinal", "to_id", "form", "probability", "condition", "typical_delay", "distinction", "layout"])
            tag = try insert("tags", ["record_rid", "ordinal", "tag"])
            alias = try insert("aliases", ["record_rid", "ordinal", "alias"])
            translation = try insert("translations", ["record_rid", "field", "locale", "ordinal", "text"])
            recordsFTS = try insert("records_fts", ["rowid"] + RecordRows.searchColumns)
        }
    }

    private var statements: InsertStatements?

    /// Inserts a record that is not in the database; returns its rid.
    @discardableResult
    public func insert(_ record: RecordData) throws -> Int64 {
        try insert(RecordRows(record))
    }

    @discardableResult
    public func insert(_ rows: RecordRows) throws -> Int64 {
        db.assertInTransaction("inserting a record (a row per table, and its index row)")
        let s = try statements ?? InsertStatements(db)
        statements = s
        try s.record.run(rows.recordRow)
        let rowid = db.lastInsertRowID
        let rid = SQLValue.integer(rowid)
        for row in rows.versions { try s.version.run(rid, then: row) }
        for (row, sources) in rows.deadEnds {
            try s.deadEnd.run(rid, then: row)
            try insertStrings(sources, owner: .integer(db.lastInsertRowID), s.deadEndSource)
        }
        for (row, sources) in rows.workarounds {
            try s.workaround.run(rid, then: row)
            try insertStrings(sources, owner: .integer(db.lastInsertRowID), s.workaroundSource)
        }
        for row in rows.transitions { try s.transition.run(rid, then: row) }
        try insertStrings(rows.record.tags, owner: rid, s.tag)
        try insertStrings(rows.record.aliases, owner: rid, s.alias)
        for row in rows.translations { try s.translation.run(rid, then: row) }
        try s.recordsFTS.run(rid, then: rows.search.map(SQLValue.text))
        return rowid
    }

    private func insertStrings(_ strings: [String], owner: SQLValue, _ statement: Statement) throws {
        for (i, string) in strings.enumerated() {
            try statement.run([owner, .integer(Int64(i)), .text(string)])
        }
    }

    /// Deletes a record, its child rows (ON DELETE CASCADE) and its index rows.
    public func delete(rid: Int64) throws {
        db.assertInTransaction("deleting a record and its index row")
        try db.cached("DELETE FROM records_fts WHERE rowid = ?").run([.integer(rid)])
        try db.cached("DELETE FROM records WHERE rid = ?").run([.integer(rid)])
    }

    // MARK: read

    public func load(id: String) throws -> RecordData? {
        guard let rid = try rid(of: id) else { return nil }
        return try load(rid: rid)
    }

    public func load(rid: Int64) throws -> RecordData? {
        let columns = Self.recordTableColumns
        let statement = try db.cached("SELECT \(columns.joined(separator: ", ")) FROM records WHERE rid = ?")
        var found: RecordData?
        try statement.forEach([.integer(rid)]) { row in
            var record = RecordData(format: RecordFormat(rawValue: row.text(0) ?? "") ?? .seed)
            for (i, column) in RecordSpec.recordColumns.enumerated() {
                if let value = Self.json(row.value(Int32(i + 1)), column: column) {
                    record.values[column] = value
                }
            }
            record.layout = row.text(Int32(columns.count - 2)).flatMap(Layout.decode)
            record.trailing = row.text(Int32(columns.count - 1))
            found = record
        }
        guard var record = found else { return nil }

        record.versions = try db.cached(Self.versionsSQL).map([.integer(rid)]) { row in
            Self.childRow(row, columns: RecordRows.versionColumns)
        }
        record.deadEnds = try loadChildren(rid, sql: Self.deadEndsSQL, columns: RecordRows.deadEndColumns,
                                           sourcesSQL: "SELECT url FROM dead_end_sources WHERE dead_end_rid = ? ORDER BY ordinal")
        record.workarounds = try loadChildren(rid, sql: Self.workaroundsSQL, columns: RecordRows.workaroundColumns,
                                              sourcesSQL: "SELECT url FROM workaround_sources WHERE workaround_rid = ? ORDER BY ordinal")
        // Kinds in document order (leads_to, preceded_by, confused_with), then ordinal.
        record.transitions = try db.cached("""
            SELECT kind, to_id, form, probability, condition, typical_delay, distinction, layout FROM transitions
            WHERE from_rid = ? ORDER BY CASE kind WHEN 'leads_to' THEN 0 WHEN 'preceded_by' THEN 1 ELSE 2 END, ordinal
            """).map([.integer(rid)]) { row in
                var t = TransitionRow(kind: TransitionRow.Kind(rawValue: row.text(0) ?? "") ?? .leadsTo, toID: row.text(1) ?? "", isBareID: row.text(2) == "id")
                for (i, column) in ["probability", "condition", "typical_delay", "distinction"].enumerated() {
                    if let v = Self.json(row.value(Int32(i + 3)), column: column) { t.values[column] = v }
                }
                t.layout = row.text(7).flatMap(Layout.decode)
                return t
            }
        record.tags = try db.cached("SELECT tag FROM tags WHERE record_rid = ? ORDER BY ordinal").map([.integer(rid)]) { $0.text(0) ?? "" }
        record.aliases = try db.cached("SELECT alias FROM aliases WHERE record_rid = ? ORDER BY ordinal").map([.integer(rid)]) { $0.text(0) ?? "" }
        try db.cached("SELECT field, locale, text FROM translations WHERE record_rid = ? ORDER BY field, locale, ordinal").forEach([.integer(rid)]) { row in
            record.translations[TranslatedList(field: row.text(0) ?? "", locale: row.text(1) ?? ""), default: []].append(row.text(2) ?? "")
        }
        return record
    }

    /// A child table's rows of one record: its columns, then layout (and, for rows with sources, rid).
    static func childSelect(_ table: String, _ columns: [String], withRID: Bool) -> String {
        "SELECT \((columns + ["layout"] + (withRID ? ["rid"] : [])).joined(separator: ", ")) FROM \(table) WHERE record_rid = ? ORDER BY ordinal"
    }
    static let versionsSQL = childSelect("versions", RecordRows.versionColumns, withRID: false)
    static let deadEndsSQL = childSelect("dead_ends", RecordRows.deadEndColumns, withRID: true)
    static let workaroundsSQL = childSelect("workarounds", RecordRows.workaroundColumns, withRID: true)

    private func loadChildren(_ rid: Int64, sql: String, columns: [String], sourcesSQL: String) throws -> [ChildRow] {
        var rows: [(ChildRow, Int64)] = try db.cached(sql).map([.integer(rid)]) { row in
            (Self.childRow(row, columns: columns), row.int64(Int32(columns.count + 1)))
        }
        let sources = try db.cached(sourcesSQL)
        for i in rows.indices {
            rows[i].0.sources = try sources.map([.integer(rows[i].1)]) { $0.text(0) ?? "" }
        }
        return rows.map(\.0)
    }

    private static func childRow(_ row: Statement, columns: [String]) -> ChildRow {
        var child = ChildRow()
        for (i, column) in columns.enumerated() {
            if let v = json(row.value(Int32(i)), column: column) { child.values[column] = v }
        }
        child.layout = row.text(Int32(columns.count)).flatMap(Layout.decode)
        return child
    }

    // MARK: value conversion

    static func json(_ value: SQLValue, column: String) -> JSONValue? {
        switch value {
        case .null: return nil
        case .integer(let i): return .number(JSONNumber(i))
        case .real(let d): return .number(JSONNumber(d))
        case .text(let s):
            if column == "os_specific" { return (try? JSONParser.parse(s)) ?? .string(s) }
            return .string(s)
        }
    }
}

extension RecordStore {
    /// The signature of a record, nil when the id is not in the database.
    public func signature(of id: String) throws -> String? {
        let statement = try db.cached("SELECT signature FROM records WHERE id = ?")
        var found: String?
        try statement.forEach([.text(id)]) { found = $0.text(0) }
        return found
    }
}

extension RecordStore {
    /// Ids that look like `id`, for "no record with id X; did you mean":
    /// the environments of a `domain/slug` given without one first, then
    /// the nearest ids of its domain (or of the domains that look like it,
    /// when no record has that domain). Index range scans only: a miss on
    /// a million records stays cheap.
    public func idsAlike(_ id: String, limit: Int = 3) throws -> [String] {
        func ids(startingWith prefix: String, max: Int = 100_000) throws -> [String] {
            // The next string after every one that starts with `prefix`.
            guard let last = prefix.unicodeScalars.last, let next = Unicode.Scalar(last.value + 1) else { return [] }
            let upper = String(prefix.unicodeScalars.dropLast()) + String(next)
            return try db.prepare("SELECT id FROM records WHERE id >= ? AND id < ? ORDER BY id LIMIT ?")
                .map([.text(prefix), .text(upper), .integer(Int64(max))]) { $0.text(0) ?? "" }
        }
        let variants = try ids(startingWith: id + "/", max: limit)
        if !variants.isEmpty { return variants }
        let domain = id.split(separator: "/", maxSplits: 1).first.map(String.init) ?? id
        var candidates = try ids(startingWith: domain + "/")
        if candidates.isEmpty {
            let domains = try db.prepare("SELECT DISTINCT domain FROM records").map([]) { $0.text(0) ?? "" }
            for other in NearestNames.alike(domain, among: domains, limit: 3) {
                candidates += try ids(startingWith: other + "/")
            }
        }
        return NearestNames.alike(id, among: candidates, maxEdits: max(2, id.count / 6), limit: limit)
    }

    /// "no record with id X", with the ids that look like it.
    public func missingIDMessage(_ id: String) -> String {
        "no record with id \"\(id)\"" + NearestNames.suggestion((try? idsAlike(id)) ?? [])
    }
}
