/// A record turned into the rows of every table that stores it, each row's
/// values ready to bind. Building them touches no database, so an import
/// builds the next records on a second thread while the writer binds and
/// steps (see `ImportPipeline`). The owning record's rid is not known until
/// its `records` row is written: every child row leaves it out, and
/// `RecordStore.insert` binds it first.
public struct RecordRows: Sendable {
    public let record: RecordData
    let recordRow: [SQLValue]
    /// After record_rid: ordinal, the columns of `RecordRows.versionColumns`, layout and the derived keys.
    let versions: [[SQLValue]]
    /// After record_rid: ordinal, columns, layout; with the row's source URLs.
    let deadEnds: [(row: [SQLValue], sources: [String])]
    let workarounds: [(row: [SQLValue], sources: [String])]
    /// After from_rid.
    let transitions: [[SQLValue]]
    /// After record_rid: field, locale, ordinal, text.
    let translations: [[SQLValue]]
    /// The records_fts columns (`searchColumns`).
    let search: [String]

    /// The child tables' stored columns, from `RecordSpec`: a new field is
    /// one entry there (and its column in schema.sql); the inserts and the
    /// loads in `RecordStore` are made from these.
    static let deadEndColumns = RecordSpec.deadEnd.columns
    static let workaroundColumns = RecordSpec.workaround.columns
    static let versionColumns = RecordSpec.version.columns

    public init(_ record: RecordData) {
        self.record = record
        var row: [SQLValue] = [.text(record.format.rawValue)]
        row.reserveCapacity(RecordSpec.recordColumns.count + 3)
        for column in RecordSpec.recordColumns {
            row.append(Self.sql(record.values[column]))
        }
        row.append(Self.layoutText(record.layout))
        row.append(record.trailing.map(SQLValue.text) ?? .null)
        recordRow = row
        versions = record.versions.enumerated().map { Self.versionRow($1, ordinal: $0) }
        deadEnds = Self.childRows(record.deadEnds, columns: Self.deadEndColumns)
        workarounds = Self.childRows(record.workarounds, columns: Self.workaroundColumns)
        var ordinals: [TransitionRow.Kind: Int] = [:]
        transitions = record.transitions.map { t in
            let ordinal = ordinals[t.kind, default: 0]
            ordinals[t.kind] = ordinal + 1
            return [
                .text(t.kind.rawValue), .integer(Int64(ordinal)), .text(t.toID), .text(t.isBareID ? "id" : "object"),
                Self.sql(t.values["probability"]), Self.sql(t.values["condition"]),
                Self.sql(t.values["typical_delay"]), Self.sql(t.values["distinction"]),
                Self.layoutText(t.layout),
            ]
        }
        translations = record.translations.sorted { ($0.key.field, $0.key.locale) < ($1.key.field, $1.key.locale) }
            .flatMap { list, texts in
                texts.enumerated().map { i, text in [.text(list.field), .text(list.locale), .integer(Int64(i)), .text(text)] }
            }
        search = Self.searchText(record)
    }

    private static func childRows(_ rows: [ChildRow], columns: [String]) -> [(row: [SQLValue], sources: [String])] {
        rows.enumerated().map { i, child in
            var row: [SQLValue] = [.integer(Int64(i))]
            row.reserveCapacity(columns.count + 2)
            for column in columns { row.append(sql(child.values[column])) }
            row.append(layoutText(child.layout))
            return (row, child.sources)
        }
    }

    /// A version row with the keys that version filters compare: the
    /// lower-cased product, the padded version and any declared range.
    private static func versionRow(_ child: ChildRow, ordinal: Int) -> [SQLValue] {
        let parsed = child.values["version"]?.stringValue.map(VersionText.init)
        let product = child.values["product"]?.stringValue ?? parsed?.product
        let version = parsed?.version
        var range: VersionRange?
        if let declared = child.values["version_range"]?.stringValue {
            range = VersionRange(declared)
        } else if child.values["introduced"] != nil || child.values["removed"] != nil {
            let r = VersionRange(introduced: child.values["introduced"]?.stringValue, removed: child.values["removed"]?.stringValue)
            range = (r.lower != nil || r.upper != nil) ? r : nil
        }
        var row: [SQLValue] = [.integer(Int64(ordinal))]
        row.reserveCapacity(versionColumns.count + 9)
        for column in versionColumns { row.append(sql(child.values[column])) }
        row.append(layoutText(child.layout))
        row.append(product.map { .text($0.lowercased()) } ?? .null)
        row.append(version.map { .text(VersionKey.raw($0)) } ?? .null)
        row.append(version.map { .text(VersionKey.normalized($0)) } ?? .null)
        row.append(.integer(range == nil ? 0 : 1))
        row.append(range?.lower.map(SQLValue.text) ?? .null)
        row.append(range.map { .integer($0.lowerInclusive ? 1 : 0) } ?? .null)
        row.append(range?.upper.map(SQLValue.text) ?? .null)
        row.append(range.map { .integer($0.upperInclusive ? 1 : 0) } ?? .null)
        return row
    }

    /// The text of the record as the records_fts columns index it.
    static func searchText(_ record: RecordData) -> [String] {
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
        let id = record.text("id") ?? ""
        let slug = id.split(separator: "/").dropFirst().first.map { String($0) } ?? ""
        let regexWords = record.text("regex").map(Self.literalWords) ?? ""
        return [
            signature, aliases, rootCause, deadEnds, workarounds, tags, zh,
            CJKBigrams.indexText([signature, aliases, rootCause, deadEnds, workarounds, zh]),
            slug, regexWords,
            Self.identifierParts([signature, aliases, rootCause, regexWords]),
        ]
    }

    /// records_fts's columns, in the order of `searchText`.
    static let searchColumns = ["signature", "aliases", "root_cause", "dead_ends", "workarounds", "tags", "zh", "cjk", "slug", "regex", "parts"]

    /// The words a regex matches literally: escapes (`\s`, `\d`), character
    /// classes and group syntax set aside.
    static func literalWords(_ pattern: String) -> String {
        var out = ""
        var scalars = pattern.unicodeScalars[...]
        while let c = scalars.popFirst() {
            switch c {
            case "\\":
                // `\.` is a literal dot; `\s`, `\b`, `\d` are classes and anchors.
                if let next = scalars.popFirst() { out.unicodeScalars.append(next.properties.isAlphabetic ? " " : next) }
            case "[":
                while let d = scalars.popFirst(), d != "]" { if d == "\\" { _ = scalars.popFirst() } }
                out += " "
            case "(":
                if scalars.first == "?" {
                    // (?i), (?:, (?P<name>: the group's syntax, not text.
                    while let d = scalars.first, d != ":" && d != ")" && d != ">" { scalars.removeFirst() }
                    _ = scalars.popFirst()
                }
                out += " "
            case "{":
                while let d = scalars.popFirst(), d != "}" {}
                out += " "
            case "|", ")", "*", "+", "?", "^", "$", ".":
                out += " "
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The parts of every compound identifier in `texts` (camelCase,
    /// PascalCase, digits between), for the words a person types.
    static func identifierParts(_ texts: [String]) -> String {
        var parts: [String] = []
        var seen = Set<String>()
        for text in texts {
            var token: [Unicode.Scalar] = []
            func flush() {
                if token.count > 3 {
                    let split = IdentifierParts.split(token)
                    if split.count > 1, seen.insert(split.joined(separator: " ")).inserted { parts += split }
                }
                token.removeAll(keepingCapacity: true)
            }
            for scalar in text.unicodeScalars {
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { token.append(scalar) } else { flush() }
            }
            flush()
        }
        return parts.joined(separator: " ")
    }

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

    static func layoutText(_ layout: [LayoutItem]?) -> SQLValue {
        layout.map { .text(Layout.encode($0)) } ?? .null
    }
}
