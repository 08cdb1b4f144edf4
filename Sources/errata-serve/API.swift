import ErrataKit
import Hummingbird

/// The JSON API under /api/v1: the CLI's engine and its `--json` shapes.
/// Each handler reads its parameters (unknown ones refused), does the
/// database work in one `KnowledgeBase` call and answers JSON.
struct ErrataAPI: Sendable {
    let kb: KnowledgeBase
    /// The bearer token writes need; nil: writes are refused.
    let writeToken: String?
    /// Product name variants, built in and the user's (read once, at start).
    let names: ProductNames

    static let matchBodyLimit = 10 << 20
    static let importBodyLimit = 64 << 20
    static let searchParameters = ["q", "domain", "category", "tag", "version", "affects", "min_confidence", "limit", "offset", "all_variants"]

    func search(_ query: FormValues) async throws -> Response {
        try query.refuseUnknown(Self.searchParameters)
        let values = FilterValues(domain: query["domain"], category: query["category"], tag: query["tag"],
                                  minConfidence: try query.fraction("min_confidence"), affects: query["affects"] ?? query["version"])
        let limit = try query.integer("limit", in: 1...100, default: 10)
        let offset = try query.integer("offset", in: 0...1_000_000, default: 0)
        let allVariants = try query.bool("all_variants")
        let text = query["q"].flatMap { $0.contains(where: { !$0.isWhitespace }) ? $0 : nil }
        // Neither words nor filters: every record in id order (a listing to page through).
        return try await cachedJSON("search" + query.key) { db in
            let search = try Self.phrasedSearch(text, values, db: db, names: names, limit: limit, offset: offset,
                                                groupVariants: !allVariants, textCache: kb.textCache)
            return Self.searchAnswer(search.result, offset: offset, limit: limit, reading: search.reading, notes: search.notes)
        }
    }

    /// A search as the API and the search page run it: a product, or a
    /// filter value, that no record has is an answer (no hits, and why in
    /// `notes`); a query without a searchable word is a mistake.
    static func phrasedSearch(_ text: String?, _ values: FilterValues, db: Database, names: ProductNames, limit: Int, offset: Int,
                              groupVariants: Bool, textCache: RecordTextCache?) throws -> (result: SearchResult, reading: JSONValue, notes: [String]) {
        let filters: SearchFilters
        do {
            filters = try values.filters(in: db, names: names)
        } catch let failure as QueryFailure where failure.code == 1 {
            return (SearchResult(), .null, [failure.message])
        }
        let search = try PhrasedSearch(text, filters: filters, db: db, names: names, limit: limit, offset: offset,
                                       groupVariants: groupVariants, textCache: textCache)
        var notes = search.notes
        if let mistake = try search.result.mistake(query: search.text, filters: search.filters, in: db) {
            if mistake.code != 1 { throw mistake }
            notes.append(mistake.message)
        }
        return (search.result, search.readingJSON, notes)
    }

    /// A JSON answer through the answer cache under `key` (nil: not kept).
    private func cachedJSON(_ key: String?, _ body: @escaping @Sendable (Database) throws -> JSONValue) async throws -> Response {
        let work: @Sendable (Database) throws -> [UInt8] = { db in Reply.jsonBytes(try body(db)) }
        let bytes = if let key { try await kb.cachedRead(key, work) } else { try await kb.read(work) }
        return Reply.bytes(bytes, type: "application/json")
    }

    static func searchAnswer(_ result: SearchResult, offset: Int, limit: Int, reading: JSONValue, notes: [String]) -> JSONValue {
        .object(JSONObject([
            .init("total", number(result.total)),
            .init("total_exact", .bool(result.totalIsExact)),
            .init("every_word", number(result.everyWord)),
            .init("offset", number(offset)),
            .init("limit", number(limit)),
            .init("relaxed", .bool(result.relaxed)),
            .init("windowed", .bool(result.windowed)),
            .init("reading", reading),
            .init("notes", .array(notes.map(JSONValue.string))),
            .init("hits", .array(result.hits.map(HitJSON.search))),
        ]))
    }

    func match(_ request: Request, _ query: FormValues) async throws -> Response {
        try query.refuseUnknown(["limit", "min_confidence", "all_variants"])
        let limit = try query.integer("limit", in: 1...20, default: 3)
        let minConfidence = try query.fraction("min_confidence")
        let allVariants = try query.bool("all_variants")
        let text = try await Reply.bodyText(request, limit: Self.matchBodyLimit)
        guard !text.isEmpty else { throw HTTPFailure(.badRequest, "the body is empty: send the error output as the request body") }
        // A paste is kept as its own key (compared whole, never by a hash) when it is small.
        return try await cachedJSON(text.utf8.count <= 64 << 10 ? "match" + query.key + "\u{0}" + text : nil) { db in
            try Self.match(text, db: db, limit: limit, minConfidence: minConfidence, allVariants: allVariants, textCache: kb.textCache).json
        }
    }

    /// A match and its records, as the API answers it and the page shows it.
    struct MatchAnswer: Sendable {
        var hits: [MatchHit]
        var records: [RecordData?]
        var outcomes: [[Outcome.Kind: [String: ObservedRate]]]
        var json: JSONValue
        var answered: Bool { hits.contains(where: \.confident) }
    }

    /// White space alone has no error line in it: no hits, not a mistake.
    static func match(_ text: String, db: Database, limit: Int, minConfidence: Double?, allVariants: Bool,
                      textCache: RecordTextCache?) throws -> MatchAnswer {
        var collector = ErrorLineCollector()
        collector.beginSource("body")
        collector.add(lines: text)
        let matcher = Matcher(db: db)
        matcher.textCache = textCache
        let hits = try matcher.match(collector, limit: limit, groupVariants: !allVariants, minConfidence: minConfidence).hits
        let store = RecordStore(db)
        let outcomeStore = OutcomeStore(db)
        let records = try hits.map { try store.load(rid: $0.rid) }
        let outcomes = try records.map { try $0.map { try outcomeStore.tallies(recordID: $0.id) } ?? [:] }
        let json = JSONValue.object(JSONObject([
            .init("answered", .bool(hits.contains(where: \.confident))),
            .init("hits", .array(hits.indices.map { MatchJSON.hit(hits[$0], records[$0], collector.detail(of: hits[$0].line), outcomes: outcomes[$0]) })),
        ]))
        return MatchAnswer(hits: hits, records: records, outcomes: outcomes, json: json)
    }

    func record(_ id: String, _ query: FormValues) async throws -> Response {
        try query.refuseUnknown(["format"])
        let format = RecordFormat(rawValue: try query.choice("format", among: ["seed", "canon"], default: "seed"))
        let bytes: [UInt8] = try await kb.cachedRead("record\u{0}" + id + query.key) { db in
            let store = RecordStore(db)
            guard let rid = try store.rid(of: id) else { throw HTTPFailure(.notFound, store.missingIDMessage(id)) }
            var out: [UInt8] = []
            try Exporter(store: store, format: format).export(rids: [rid], shape: .single) { out += $0 }
            return out
        }
        return Reply.bytes(bytes, type: "application/json")
    }

    func chain(_ id: String, _ query: FormValues) async throws -> Response {
        try query.refuseUnknown(["depth"])
        let depth = try query.integer("depth", in: 1...10, default: 2)
        return try await cachedJSON("chain\u{0}" + id + query.key) { db in
            let graph = try ErrorGraph(db: db, id: id, depth: depth)
            guard graph.nodes.first?.signature != nil else { throw HTTPFailure(.notFound, RecordStore(db).missingIDMessage(id)) }
            return graph.json
        }
    }

    func domains(_ query: FormValues) async throws -> Response {
        try query.refuseUnknown([])
        return try await cachedJSON("domains") { db in
            .object(JSONObject([.init("domains", .array(try Statistics(db: db).byDomain.map {
                .object(JSONObject([.init("domain", .string($0.0)), .init("records", Self.number($0.1))]))
            }))]))
        }
    }

    func stats(_ query: FormValues) async throws -> Response {
        try query.refuseUnknown([])
        return try await cachedJSON("stats") { db in try Statistics(db: db).json }
    }

    /// Every record, one JSON document a line, streamed: a few hundred
    /// records are read at a time, so memory stays flat however many there are.
    func export(_ query: FormValues) async throws -> Response {
        try query.refuseUnknown(["format"])
        let format = RecordFormat(rawValue: try query.choice("format", among: ["seed", "canon"], default: "seed"))
        let rids = try await kb.read { db in try RecordStore(db).allRIDs() }
        let kb = self.kb
        let body = ResponseBody { writer in
            for start in stride(from: 0, to: rids.count, by: 256) {
                let chunk = Array(rids[start..<min(start + 256, rids.count)])
                let bytes: [UInt8] = try await kb.read { db in
                    var out: [UInt8] = []
                    try Exporter(store: RecordStore(db), format: format).export(rids: chunk, shape: .ndjson) { out += $0 }
                    return out
                }
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: Reply.headers(type: "application/x-ndjson"), body: body)
    }

    // MARK: writes

    /// One record, an array, or NDJSON: the import rules and messages of
    /// `errata import`, all or nothing.
    func importRecords(_ request: Request, _ query: FormValues) async throws -> Response {
        try authorize(request)
        try query.refuseUnknown(["dry_run"])
        let dryRun = try query.bool("dry_run")
        let text = try await Reply.bodyText(request, limit: Self.importBodyLimit)
        let answer: (JSONValue, Bool) = try await kb.write { db in
            do {
                let summary = try Importer(store: RecordStore(db)).importSources([.text(name: "body", text: text)], options: ImportOptions(dryRun: dryRun))
                return (ImportJSON.summary(summary, dryRun: dryRun, failures: [], imported: true), true)
            } catch let failure as ImportFailure {
                let summary = ImportJSON.summary(ImportSummary(), dryRun: dryRun, failures: failure.all, imported: false)
                return (.object(JSONObject([.init("error", .string(failure.description))] + (summary.objectValue?.members ?? []))), false)
            }
        }
        return Reply.json(answer.0, status: answer.1 ? .ok : .badRequest)
    }

    func delete(_ id: String, _ request: Request, _ query: FormValues) async throws -> Response {
        try authorize(request)
        try query.refuseUnknown(["dry_run"])
        let dryRun = try query.bool("dry_run")
        return Reply.json(try await kb.write { db in
            let store = RecordStore(db)
            let deletion: RecordDeletion
            do {
                deletion = try RecordDeletion(ids: [id], in: store, dryRun: dryRun)
            } catch is RecordDeletion.Missing {
                throw HTTPFailure(.notFound, store.missingIDMessage(id))
            }
            return .object(JSONObject([
                .init("deleted", .array(deletion.deleted.map(JSONValue.string))),
                .init("dry_run", .bool(dryRun)),
                .init("dangling_links", .array(deletion.danglingLinks.map(JSONValue.string))),
            ]))
        })
    }

    /// `{"workaround": "2" or "start of its text", "result": "worked"}`, or a dead end "confirmed".
    func reportOutcome(_ id: String, _ request: Request, _ query: FormValues) async throws -> Response {
        try authorize(request)
        try query.refuseUnknown([])
        let text = try await Reply.bodyText(request, limit: 64 << 10)
        guard case .object(let object)? = try? JSONParser.parse(text) else {
            throw HTTPFailure(.badRequest, "the body must be a JSON object: {\"workaround\": \"2\", \"result\": \"worked\"}")
        }
        let allowed = ["workaround", "dead_end", "result", "note"]
        var fields: [String: String] = [:]
        for member in object.members {
            guard allowed.contains(member.key) else {
                throw HTTPFailure(.badRequest, "unknown member \"\(member.key)\"; known: " + allowed.joined(separator: ", "))
            }
            switch member.value {
            case .string(let s): fields[member.key] = s
            case .number(let n) where member.key != "result" && member.key != "note": fields[member.key] = JSONWriter.compact(.number(n))
            default: throw HTTPFailure(.badRequest, "\(member.key) must be a string")
            }
        }
        let report = try OutcomeReport(recordID: id, workaround: fields["workaround"], deadEnd: fields["dead_end"],
                                       result: fields["result"] ?? "", note: fields["note"], asker: "outcome")
        return Reply.json(try await kb.write { db in try report.record(in: db).json })
    }

    private func authorize(_ request: Request) throws {
        if kb.readOnly { throw HTTPFailure(.forbidden, "this server is read-only (--read-only)") }
        guard let writeToken else {
            throw HTTPFailure(.forbidden, "writes are off: start errata serve with --write-token-file FILE")
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              Self.sameBytes(Array(header.utf8.dropFirst(7)), Array(writeToken.utf8)) else {
            throw HTTPFailure(.unauthorized, "a write needs the header Authorization: Bearer <token>", headers: [.wwwAuthenticate: "Bearer"])
        }
    }

    /// Compares in a time that does not depend on where they differ.
    static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    static func number(_ n: Int) -> JSONValue { .number(JSONNumber(Int64(n))) }
}
