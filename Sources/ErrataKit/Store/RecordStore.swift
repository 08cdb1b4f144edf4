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

    // MARK: write

    private static let recordInsertSQL: String = {
        let columns = ["format"] + RecordSpec.recordColumns + ["layout"]
        return "INSERT INTO records (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }()

    /// Inserts a record that is not in the database; returns its rid.
    @discardableResult
    public func insert(_ record: RecordData) throws -> Int64 {
        var args: [SQLValue] = [.text(record.format.rawValue)]
        args.reserveCapacity(RecordSpec.recordColumns.count + 2)
        for column in RecordSpec.recordColumns {
            args.append(Self.sql(record.values[column]))
        }
        args.append(Self.layoutText(record.layout))
        try db.cached(Self.recordInsertSQL).run(args)
        let rid = db.lastInsertRowID

        for (i, row) in record.versions.enumerated() {
            try insertVersion(row, rid: rid, ordinal: i)
        }
        try insertChildren(record.deadEnds, rid: rid,
            sql: "INSERT INTO dead_ends (record_rid, ordinal, action, why_fails, fail_rate, condition, common_misconception, tradeoff, layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            columns: ["action", "why_fails", "fail_rate", "condition", "common_misconception", "tradeoff"],
            sourcesSQL: "INSERT INTO dead_end_sources (dead_end_rid, ordinal, url) VALUES (?, ?, ?)")
        try insertChildren(record.workarounds, rid: rid,
            sql: "INSERT INTO workarounds (record_rid, ordinal, action, success_rate, how, condition, tradeoff, layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            columns: ["action", "success_rate", "how", "condition", "tradeoff"],
            sourcesSQL: "INSERT INTO workaround_sources (workaround_rid, ordinal, url) VALUES (?, ?, ?)")

        var ordinals: [TransitionRow.Kind: Int] = [:]
        let transition = try db.cached("INSERT INTO transitions (from_rid, kind, ordinal, to_id, form, probability, condition, typical_delay, distinction, layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for row in record.transitions {
            let ordinal = ordinals[row.kind, default: 0]
            ordinals[row.kind] = ordinal + 1
            try transition.run([
                .integer(rid), .text(row.kind.rawValue), .integer(Int64(ordinal)), .text(row.toID),
                .text(row.isBareID ? "id" : "object"),
                Self.sql(row.values["probability"]), Self.sql(row.values["condition"]),
                Self.sql(row.values["typical_delay"]), Self.sql(row.values["distinction"]),
                Self.layoutText(row.layout),
            ])
        }
        try insertStrings(record.tags, rid: rid, sql: "INSERT INTO tags (record_rid, ordinal, tag) VALUES (?, ?, ?)")
        try insertStrings(record.aliases, rid: rid, sql: "INSERT INTO aliases (record_rid, ordinal, alias) VALUES (?, ?, ?)")
        let translation = try db.cached("INSERT INTO translations (record_rid, field, locale, ordinal, text) VALUES (?, ?, ?, ?, ?)")
        for (list, texts) in record.translations.sorted(by: { ($0.key.field, $0.key.locale) < ($1.key.field, $1.key.locale) }) {
            for (i, text) in texts.enumerated() {
                try translation.run([.integer(rid), .text(list.field), .text(list.locale), .integer(Int64(i)), .text(text)])
            }
        }
        let text = SearchText(record)
        try db.cached("INSERT INTO records_fts (rowid, signature, aliases, root_cause, dead_ends, workarounds, tags, zh, cjk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .run([.integer(rid)] + text.columns.map(SQLValue.text))
        try db.cached("INSERT INTO signatures_fts (rowid, signature, aliases) VALUES (?, ?, ?)")
            .run([.integer(rid), .text(text.columns[0]), .text(text.columns[1])])
        return rid
    }

    private func insertVersion(_ row: ChildRow, rid: Int64, ordinal: Int) throws {
        let text = row.values["version"]?.stringValue
        let parsed = text.map(VersionText.init)
        let product = row.values["product"]?.stringValue ?? parsed?.product
        let version = parsed?.version
        var range: VersionRange?
        if let declared = row.values["version_range"]?.stringValue {
            range = VersionRange(declared)
        } else if row.values["introduced"] != nil || row.values["removed"] != nil {
            let r = VersionRange(introduced: row.values["introduced"]?.stringValue, removed: row.values["removed"]?.stringValue)
            range = (r.lower != nil || r.upper != nil) ? r : nil
        }
        let columns = ["version", "product", "version_range", "introduced", "deprecated", "removed", "behavior_change", "status"]
        var args: [SQLValue] = [.integer(rid), .integer(Int64(ordinal))]
        for column in columns { args.append(Self.sql(row.values[column])) }
        args.append(Self.layoutText(row.layout))
        args.append(product.map { .text($0.lowercased()) } ?? .null)
        args.append(version.map { .text(VersionKey.raw($0)) } ?? .null)
        args.append(version.map { .text(VersionKey.normalized($0)) } ?? .null)
        args.append(.integer(range == nil ? 0 : 1))
        args.append(range?.lower.map(SQLValue.text) ?? .null)
        args.append(range.map { .integer($0.lowerInclusive ? 1 : 0) } ?? .null)
        args.append(range?.upper.map(SQLValue.text) ?? .null)
        args.append(range.map { .integer($0.upperInclusive ? 1 : 0) } ?? .null)
        try db.cached("""
            INSERT INTO versions (record_rid, ordinal, version, product, version_range, introduced, deprecated, removed, behavior_change, status,
                layout, product_key, vkey, vnorm, ranged, lo_key, lo_inclusive, hi_key, hi_inclusive)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run(args)
    }

    private func insertChildren(_ rows: [ChildRow], rid: Int64, sql: String, columns: [String], sourcesSQL: String) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cached(sql)
        for (i, row) in rows.enumerated() {
            var args: [SQLValue] = [.integer(rid), .integer(Int64(i))]
            for column in columns { args.append(Self.sql(row.values[column])) }
            args.append(Self.layoutText(row.layout))
            try statement.run(args)
            try insertStrings(row.sources, rid: db.lastInsertRowID, sql: sourcesSQL)
        }
    }

    private func insertStrings(_ strings: [String], rid: Int64, sql: String) throws {
        guard !strings.isEmpty else { return }
        let statement = try db.cached(sql)
        for (i, s) in strings.enumerated() {
            try statement.run([.integer(rid), .integer(Int64(i)), .text(s)])
        }
    }

    /// Deletes a record, its child rows (ON DELETE CASCADE) and its index rows.
    public func delete(rid: Int64) throws {
        try db.cached("DELETE FROM records_fts WHERE rowid = ?").run([.integer(rid)])
        try db.cached("DELETE FROM signatures_fts WHERE rowid = ?").run([.integer(rid)])
        try db.cached("DELETE FROM records WHERE rid = ?").run([.integer(rid)])
    }

    // MARK: read

    public func load(id: String) throws -> RecordData? {
        guard let rid = try rid(of: id) else { return nil }
        return try load(rid: rid)
    }

    public func load(rid: Int64) throws -> RecordData? {
        let columns = ["format"] + RecordSpec.recordColumns + ["layout"]
        let statement = try db.cached("SELECT \(columns.joined(separator: ", ")) FROM records WHERE rid = ?")
        var found: RecordData?
        try statement.forEach([.integer(rid)]) { row in
            var record = RecordData(format: RecordFormat(rawValue: row.text(0) ?? "") ?? .seed)
            for (i, column) in RecordSpec.recordColumns.enumerated() {
                if let value = Self.json(row.value(Int32(i + 1)), column: column) {
                    record.values[column] = value
                }
            }
            record.layout = row.text(Int32(columns.count - 1)).flatMap(Layout.decode)
            found = record
        }
        guard var record = found else { return nil }

        record.versions = try db.cached("SELECT version, product, version_range, introduced, deprecated, removed, behavior_change, status, layout FROM versions WHERE record_rid = ? ORDER BY ordinal")
            .map([.integer(rid)]) { row in
                Self.childRow(row, columns: ["version", "product", "version_range", "introduced", "deprecated", "removed", "behavior_change", "status"])
            }
        record.deadEnds = try loadChildren(rid,
            sql: "SELECT action, why_fails, fail_rate, condition, common_misconception, tradeoff, layout, rid FROM dead_ends WHERE record_rid = ? ORDER BY ordinal",
            columns: ["action", "why_fails", "fail_rate", "condition", "common_misconception", "tradeoff"],
            sourcesSQL: "SELECT url FROM dead_end_sources WHERE dead_end_rid = ? ORDER BY ordinal")
        record.workarounds = try loadChildren(rid,
            sql: "SELECT action, success_rate, how, condition, tradeoff, layout, rid FROM workarounds WHERE record_rid = ? ORDER BY ordinal",
            columns: ["action", "success_rate", "how", "condition", "tradeoff"],
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

    static func sql(_ value: JSONValue?) -> SQLValue {
        switch value {
        case nil, .null?: return .null
        case .string(let s)?: return .text(s)
        case .number(let n)?:
            if n.isInteger, let i = n.int64Value { return .integer(i) }
            return .real(n.doubleValue)
        case .bool(let b)?: return .integer(b ? 1 : 0)
        case .object?, .array?: return .text(JSONWriter.compact(value!))
        }
    }

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

    static func layoutText(_ layout: [LayoutItem]?) -> SQLValue {
        layout.map { .text(Layout.encode($0)) } ?? .null
    }
}

/// The text of one record as the FTS columns index it.
struct SearchText {
    let columns: [String]

    init(_ record: RecordData) {
        func join(_ parts: [String?]) -> String {
            parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        }
        let zh = join([record.text("signature_zh"), record.text("root_cause_zh")] + (record.translations[.workaroundsZh] ?? []))
        let signature = record.text("signature") ?? ""
        let rootCause = record.text("root_cause") ?? ""
        let deadEnds = join(record.deadEnds.flatMap { row in
            ["action", "why_fails", "condition", "common_misconception", "tradeoff"].map { row.values[$0]?.stringValue }
        })
        let workarounds = join(record.workarounds.flatMap { row in
            ["action", "how", "condition", "tradeoff"].map { row.values[$0]?.stringValue }
        })
        let tags = join(record.tags + [record.text("domain"), record.text("category"), record.text("subcategory"), record.text("error_code")])
        let aliases = join(record.aliases)
        columns = [
            signature, aliases, rootCause, deadEnds, workarounds, tags, zh,
            CJKBigrams.indexText([signature, aliases, rootCause, deadEnds, workarounds, zh]),
        ]
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
