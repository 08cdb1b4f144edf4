/// A search as a person types it, shared by `errata search`, the HTTP API
/// and the web page: "what breaks in nginx 1.24" is the version filter
/// nginx 1.24, when records name that version, and lists every record of
/// it; "nginx 1.24 upstream" is the filter plus the word "upstream"; when
/// such words then find nothing among them, every record of that version
/// is listed instead. What was read so, and a search relaxed to records
/// with some of the words (all of its hits, or those after the records
/// with every word), is said in `notes`, in the words the CLI prints on
/// stderr.
public struct PhrasedSearch: Sendable {
    public var result: SearchResult
    /// The words searched for (without the product and version when they were read as a filter).
    public var text: String?
    public var filters: SearchFilters
    /// The product and version read from the words, if any.
    public var reading: VersionSpec?
    public var notes: [String] = []

    public init(_ query: String?, filters given: SearchFilters, db: Database, names: ProductNames,
                limit: Int, offset: Int, groupVariants: Bool = true, textCache: RecordTextCache? = nil) throws {
        filters = given
        text = query
        var searcher = Searcher(db: db)
        searcher.textCache = textCache
        if given.version == nil, let query, !query.contains("\""),
           case let words = query.split(separator: " ").map(String.init), VersionedProducts.mayNameAVersion(words),
           let found = try VersionedProducts.phrase(in: words, names: names, isKnown: { try VersionedProducts.namesAny($0, in: db) }),
           try searcher.search(nil, filters: given.with(version: found.spec), limit: 1).total > 0 {
            reading = found.spec
            filters.version = found.spec
            text = found.rest.isEmpty ? nil : found.rest.joined(separator: " ")
            notes.append("reading as: --affects \"\(found.spec.product ?? "") \(found.spec.version ?? "")\"" + (text.map { " + words: \($0)" } ?? ""))
        }
        result = try searcher.search(text, filters: filters, limit: limit, offset: offset, groupVariants: groupVariants)
        if let reading, result.hits.isEmpty || result.emptyQuery {
            if !result.emptyQuery, let text {
                notes.append("no record for \(reading.product ?? "") \(reading.version ?? "") has the words \"\(text)\"; listing every record that affects it")
            }
            result = try searcher.search(nil, filters: filters, limit: limit, offset: offset, groupVariants: groupVariants)
        }
        if result.relaxed { notes.append("no record has all of the words; showing records that have some of them") }
        if result.someFollowEvery {
            let first = result.everyWord == 1 ? "1 record has" : "\(Count.grouped(result.everyWord)) records have"
            notes.append("\(first) all of the words; the records after \(result.everyWord == 1 ? "it" : "them") have some of them")
        }
    }

    /// The query as it was read, for JSON answers: null when it was taken as typed.
    public var readingJSON: JSONValue {
        guard let reading else { return .null }
        return .object(JSONObject([
            .init("affects", .string("\(reading.product ?? "") \(reading.version ?? "")")),
            .init("words", text.map(JSONValue.string) ?? .null),
        ]))
    }
}
