extension SearchFilters {
    /// When a filtered listing found nothing: the first of --domain,
    /// --tier, --category that no record has, as a one-line message with
    /// the values that look like it (or every value, when there are few).
    /// Asked only after an empty result, so a search that finds something
    /// pays nothing for it.
    public func unknownValue(in db: Database) throws -> String? {
        for (option, column, value) in [("domain", "domain", domain), ("tier", "verification_tier", tier), ("category", "category", category)] {
            guard let value else { continue }
            if try db.scalarInteger("SELECT 1 FROM records WHERE \(column) = ? LIMIT 1", [.text(value)]) != nil { continue }
            let known = try db.prepare("SELECT DISTINCT \(column) FROM records WHERE \(column) IS NOT NULL ORDER BY 1").map([]) { $0.text(0) ?? "" }
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
}
