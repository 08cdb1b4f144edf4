import ErrataKit
import MCP

/// The tools' work, on one read-only connection that every call shares in
/// turn (an actor: the SDK runs each request in its own task). Each read
/// sees what was committed when it ran, so an import that committed
/// meanwhile is seen by the next call. Only `report_outcome` writes, on a connection of
/// its own that it closes again.
actor KnowledgeBaseService {
    let location: DatabaseLocation
    let db: Database

    init(location: DatabaseLocation) throws {
        self.location = location
        db = try ErrataDatabase.open(location, access: .read)
    }

    /// A tool's result; a failure the person (or agent) can act on is a
    /// tool error with the CLI's one-line message, never a crash.
    func call(_ name: String, _ arguments: [String: Value]?) throws -> CallTool.Result {
        guard ToolCatalog.names.contains(name) else {
            throw MCPError.invalidParams("unknown tool \"\(name)\"" + NearestNames.suggestion(NearestNames.alike(name, among: ToolCatalog.names, limit: 3)))
        }
        do {
            let (text, structured) = try run(name, arguments)
            return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: ValueBridge.value(structured) as Value?, isError: false)
        } catch {
            guard let failure = QueryFailure.describing(error) else { throw error }
            return Self.failure(failure.message)
        }
    }

    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    private func run(_ name: String, _ values: [String: Value]?) throws -> (String, JSONValue) {
        switch name {
        case "match_error":
            let arguments = try ToolArguments(tool: name, values: values, allowed: ["text", "limit", "min_confidence", "all_variants"])
            return try match(try arguments.requiredString("text"), limit: try arguments.integer("limit", in: 1...20, default: 3),
                             minConfidence: try arguments.fraction("min_confidence"), allVariants: try arguments.bool("all_variants"), tool: name)
        case "batch_match":
            let arguments = try ToolArguments(tool: name, values: values, allowed: ["inputs", "limit"])
            let inputs = try arguments.strings("inputs", count: 1...10)
            let limit = try arguments.integer("limit", in: 1...20, default: 1)
            var texts: [String] = []
            var results: [JSONValue] = []
            for (i, input) in inputs.enumerated() {
                let (text, result) = try match(input, limit: limit, minConfidence: nil, allVariants: false, tool: "\(name): inputs[\(i)]")
                texts.append("## Input \(i + 1)\n\n" + text)
                results.append(result)
            }
            return (texts.joined(separator: "\n"), .object(JSONObject([.init("results", .array(results))])))
        case "search_errors":
            return try search(try ToolArguments(tool: name, values: values,
                                                allowed: ["query", "domain", "category", "tag", "version", "min_confidence", "limit", "offset"]))
        case "get_error":
            let arguments = try ToolArguments(tool: name, values: values, allowed: ["id", "format"])
            let id = try arguments.requiredString("id")
            let format = try arguments.string("format") ?? "seed"
            guard let recordFormat = RecordFormat(rawValue: format) else { throw QueryFailure("\(name): format must be seed or canon") }
            let store = RecordStore(db)
            guard let record = try store.load(id: id) else { throw QueryFailure(store.missingIDMessage(id), code: 1) }
            let outcomes = try OutcomeStore(db).tallies(recordID: record.id)
            return (RecordMarkdown.record(record, outcomes: outcomes), RecordEncoder.encode(record, as: recordFormat))
        case "get_error_chain":
            let arguments = try ToolArguments(tool: name, values: values, allowed: ["id", "depth"])
            let id = try arguments.requiredString("id")
            let graph = try ErrorGraph(db: db, id: id, depth: try arguments.integer("depth", in: 1...10, default: 2))
            guard graph.nodes.first?.signature != nil else { throw QueryFailure(RecordStore(db).missingIDMessage(id), code: 1) }
            return (Self.chainText(graph), graph.json)
        case "list_domains":
            _ = try ToolArguments(tool: name, values: values, allowed: [])
            let stats = try Statistics(db: db)
            let text = "\(Count.of(stats.byDomain.count, "domain")), \(Count.of(stats.records, "record")):\n"
                + stats.byDomain.map { "- \($0.0): \($0.1)" }.joined(separator: "\n")
            return (text, .object(JSONObject([.init("domains", .array(stats.byDomain.map {
                .object(JSONObject([.init("domain", .string($0.0)), .init("records", .number(JSONNumber(Int64($0.1))))]))
            }))])))
        case "stats":
            _ = try ToolArguments(tool: name, values: values, allowed: [])
            let stats = try Statistics(db: db)
            let text = [Count.of(stats.records, "record"), Count.of(stats.versions, "version"), Count.of(stats.deadEnds, "dead end"),
                        Count.of(stats.workarounds, "workaround"), Count.of(stats.transitions, "link")].joined(separator: ", ")
                + "; \(Count.of(stats.byDomain.count, "domain")); \(Count.of(stats.outcomes, "outcome")) reported here."
            return (text, stats.json)
        default: // report_outcome
            return try report(try ToolArguments(tool: name, values: values, allowed: ["id", "workaround", "dead_end", "result", "note"]))
        }
    }

    private func match(_ input: String, limit: Int, minConfidence: Double?, allVariants: Bool, tool: String) throws -> (String, JSONValue) {
        guard input.contains(where: { !$0.isWhitespace }) else {
            throw QueryFailure("\(tool): the text is empty: paste the error output")
        }
        var collector = ErrorLineCollector()
        collector.beginSource("text")
        collector.add(lines: input)
        let hits = try Matcher(db: db).match(collector, limit: limit, groupVariants: !allVariants, minConfidence: minConfidence).hits
        let store = RecordStore(db)
        let outcomes = OutcomeStore(db)
        var json: [JSONValue] = []
        var text = ""
        let answers = hits.filter(\.confident)
        if answers.isEmpty {
            text = "No record explains this output" + (hits.isEmpty ? "." : "; the nearest, NOT a match (their fixes are for other errors):\n")
        }
        for (i, hit) in hits.enumerated() {
            let record = try store.load(rid: hit.rid)
            let tallies = try record.map { try outcomes.tallies(recordID: $0.id) } ?? [:]
            json.append(MatchJSON.hit(hit, record, collector.detail(of: hit.line), outcomes: tallies))
            if answers.isEmpty {
                text += "- \(hit.id) (confidence \(RecordMarkdown.percent(hit.confidence))): \(hit.signature.joiningLines(with: " "))\n"
            } else if hit.confident {
                text += (text.isEmpty ? "" : "\n") + RecordMarkdown.matchHit(hit, rank: i + 1, record: record, outcomes: tallies)
            }
        }
        return (text, .object(JSONObject([.init("answered", .bool(!answers.isEmpty)), .init("hits", .array(json))])))
    }

    private func search(_ arguments: ToolArguments) throws -> (String, JSONValue) {
        let query = try arguments.string("query")
        let values = FilterValues(domain: try arguments.string("domain"), category: try arguments.string("category"), tag: try arguments.string("tag"),
                                  minConfidence: try arguments.fraction("min_confidence"), affects: try arguments.string("version"))
        let limit = try arguments.integer("limit", in: 1...50, default: 5)
        let offset = try arguments.integer("offset", in: 0...1_000_000, default: 0)
        let text = query.flatMap { $0.contains(where: { !$0.isWhitespace }) ? $0 : nil }
        if text == nil && values.isEmpty { throw QueryFailure("search_errors: nothing to search for: give a query, a filter, or both") }
        let filters = try values.filters(in: db)
        let result = try Searcher(db: db).search(text, filters: filters, limit: limit, offset: offset, groupVariants: true)
        if let mistake = try result.mistake(query: text, filters: filters, in: db) { throw mistake }
        var out = result.hits.isEmpty ? "No record found." : "\(offset + 1)-\(offset + result.hits.count) of \(result.totalRecords)"
        if result.relaxed { out += " (no record has all of the words; these have some)" }
        if result.someFollowEvery {
            out += " (the first \(result.everyWord == 1 ? "has" : "\(result.everyWord) have") all of the words; the others have some)"
        }
        out += result.hits.isEmpty ? "\n" : ":\n"
        for (i, hit) in result.hits.enumerated() { out += "\n" + RecordMarkdown.searchHit(hit, rank: offset + i + 1) }
        return (out, .object(JSONObject([
            .init("total", .number(JSONNumber(Int64(result.total)))),
            .init("total_exact", .bool(result.totalIsExact)),
            .init("every_word", .number(JSONNumber(Int64(result.everyWord)))),
            .init("hits", .array(result.hits.map(HitJSON.search))),
        ])))
    }

    private func report(_ arguments: ToolArguments) throws -> (String, JSONValue) {
        let id = try arguments.requiredString("id")
        let report = try OutcomeReport(recordID: id, workaround: try arguments.action("workaround"), deadEnd: try arguments.action("dead_end"),
                                       result: try arguments.requiredString("result"), note: try arguments.string("note"), asker: "report_outcome")
        // Checked on the shared read-only connection, so that a report that
        // cannot be recorded never opens the file for writing; then written
        // on a connection of its own.
        _ = try report.target(in: db)
        let writer = try ErrataDatabase.open(location, access: .write, busy: BusyPolicy(limit: 5))
        defer { ErrataDatabase.finishWriting(writer) }
        let receipt = try report.record(in: writer)
        return (receipt.summary, receipt.json)
    }

    static func chainText(_ graph: ErrorGraph) -> String {
        let signatures = Dictionary(graph.nodes.map { ($0.id, $0.signature) }, uniquingKeysWith: { a, _ in a })
        var out = "\(graph.root): \((signatures[graph.root] ?? nil).map { $0.joiningLines(with: " ") } ?? "")\n"
        for edge in graph.edges where edge.declared {
            out += "- \(edge.from) \(edge.kind.label) \(edge.to)"
            if let p = edge.probability { out += " (p \(p))" }
            if let signature = signatures[edge.to] ?? nil { out += ": \(signature.joiningLines(with: " "))" } else { out += " (not in database)" }
            if let note = edge.distinction ?? edge.condition { out += " — \(note.joiningLines(with: " "))" }
            out += "\n"
        }
        return out
    }
}
