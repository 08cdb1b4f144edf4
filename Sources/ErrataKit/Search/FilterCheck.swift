extension SearchFilters {
    /// When a filtered listing found nothing: the first of --domain,
    /// --tier, --category that no record has, as a one-line message with
    /// the values that look like it (or every value, when there are few).
    /// Asked only after an empty result, so a search that finds something
    /// pays nothing for it.
    public func unknownValue(in db: Database) throws -> String? {
        for (option, column, value) in [("domain", "domain", domain), ("tier", "verification_tier", tier), ("category", "category", category)] {
            guard let value else { continue }
            // Caseless, as the filter compares (and as the indexes are).
            if try db.scalarInteger("SELECT 1 FROM records WHERE \(column) = ? COLLATE NOCASE LIMIT 1", [.text(value)]) != nil { continue }
            let known = try Self.distinctValues(column, in: db)
            var message = "--\(option) \"\(value)\": no record has this \(option)"
            let alike = NearestNames.alike(value, among: known)
            if !alike.isEmpty {
                message += NearestNames.suggestion(alike)
            } else if known.isEmpty {
                message += " (the database has no records)"
            } else if known.count <= 12 {
                message += "; the \(option == "category" ? "categories" : option + "s") are " + known.joined(separator: ", ")
            } else {
                message += " (`errata stats --by-category` lists all \(known.count))"
            }
            return message
        }
        return nil
    }

    /// The values of `column` (domain, category, verification_tier) that
    /// start with `prefix` in any case, caseless-distinct, in caseless order,
    /// at most `limit`: one seek in the column's caseless index per value
    /// (a million records have a few hundred), where SELECT DISTINCT read
    /// every record.
    public static func distinctValues(_ column: String, startingWith prefix: String = "", limit: Int = .max,
                                      in db: Database) throws -> [String] {
        // The name goes into the SQL: only the columns with a caseless index.
        precondition(["domain", "category", "verification_tier"].contains(column), "no caseless index on \(column)")
        let first = try db.prepare("SELECT \(column) FROM records WHERE \(column) >= ? COLLATE NOCASE ORDER BY \(column) COLLATE NOCASE LIMIT 1")
        let next = try db.prepare("SELECT \(column) FROM records WHERE \(column) > ? COLLATE NOCASE ORDER BY \(column) COLLATE NOCASE LIMIT 1")
        let caseless = prefix.lowercased()
        var values: [String] = []
        var found = try first.map([.text(prefix)], { $0.text(0) }).first ?? nil
        while let value = found, values.count < limit, value.lowercased().hasPrefix(caseless) {
            if !value.isEmpty { values.append(value) }
            found = try next.map([.text(value)], { $0.text(0) }).first ?? nil
        }
        return values
    }
}

extension SearchResult {
    /// Why a search answered nothing when that is the asker's mistake, in
    /// the words the CLI and the MCP server both use: a query with no
    /// searchable word, or a filter value no record has. Nil otherwise.
    public func mistake(query: String?, filters: SearchFilters, in db: Database) throws -> QueryFailure? {
        if emptyQuery { return QueryFailure("nothing to search for in \"\(query ?? "")\": it has no words") }
        if hits.isEmpty, let problem = try filters.unknownValue(in: db) { return QueryFailure(problem) }
        return nil
    }
}
