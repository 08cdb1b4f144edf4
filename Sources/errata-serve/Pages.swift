import ErrataKit
import Hummingbird

/// The web pages: server-rendered HTML that works without JavaScript
/// (`Assets.searchScript` only adds results as you type). Same engine
/// and parameters as the API.
struct ErrataPages: Sendable {
    let kb: KnowledgeBase
    let names: ProductNames
    static let pageSize = 20

    func home(_ query: FormValues) async throws -> Response {
        try query.refuseUnknown([])
        return try await cachedPage("home") { db in
            let stats = try Statistics(db: db)
            var main = "<section class=\"intro\"><h1>Known software errors</h1>"
            main += "<p>\(Count.of(stats.records, "record", grouped: true)) in \(Count.of(stats.byDomain.count, "domain")): the root cause, the fixes that look right and fail, the fixes that work.</p>"
            main += "<div id=\"results\" aria-live=\"polite\"></div>"
            main += Self.matchForm(text: "")
            main += "</section>\n<section><h2>Domains</h2>" + Self.domainList(stats.byDomain) + "</section>\n"
            return HTML.page(title: "Known software errors", main: main)
        }
    }

    func search(_ query: FormValues) async throws -> Response {
        try query.refuseUnknown(ErrataAPI.searchParameters)
        let text = query["q"].flatMap { $0.contains(where: { !$0.isWhitespace }) ? $0 : nil }
        let values = FilterValues(domain: query["domain"], category: query["category"], tag: query["tag"],
                                  minConfidence: try query.fraction("min_confidence"), affects: query["affects"] ?? query["version"])
        let offset = try query.integer("offset", in: 0...1_000_000, default: 0)
        let limit = try query.integer("limit", in: 1...100, default: Self.pageSize)
        guard text != nil || !values.isEmpty else {
            return Reply.html(HTML.page(title: "Search", main: "<p>Type a few words, an error message, or a product and version (nginx 1.24).</p>"))
        }
        let search = try await kb.read { db in
            try ErrataAPI.phrasedSearch(text, values, db: db, names: names, limit: limit, offset: offset,
                                        groupVariants: true, textCache: kb.textCache)
        }
        // The filter's choices, kept while the database is unchanged (counting every domain is a scan).
        let domainBytes = try await kb.cachedRead("domain-names") { db in
            Array(try Statistics(db: db).byDomain.map(\.0).joined(separator: "\n").utf8)
        }
        let domains = String(decoding: domainBytes, as: UTF8.self).split(separator: "\n").map(String.init)
        var main = Self.filterForm(query, domains: domains)
        main += search.notes.map { "<p class=\"note\">\(HTML.escape($0))</p>" }.joined()
        let result = search.result
        if result.hits.isEmpty {
            main += "<p>No record found.</p>"
        } else {
            main += "<p class=\"count\">\(offset + 1)–\(offset + result.hits.count) of \(result.totalRecords)</p>\n<ol class=\"hits\" start=\"\(offset + 1)\">\n"
            for hit in result.hits { main += Self.hitItem(hit) }
            main += "</ol>\n"
            main += pager(query, offset: offset, limit: limit, shown: result.hits.count, total: result.total)
        }
        return Reply.html(HTML.page(title: text ?? "Search", query: text, main: main))
    }

    static func hitItem(_ hit: SearchHit) -> String {
        var out = "<li>\(HTML.recordLink(hit.id)) <span class=\"facts\">\(HTML.escape([hit.domain, hit.category ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")))</span>"
        out += "<br><code>\(HTML.escape(RecordMarkdown.oneLine(hit.signature, limit: 300)))</code>"
        if let snippet = hit.snippet { out += "<br><span class=\"snippet\">\(HTML.highlighted(snippet))</span>" }
        return out + "</li>\n"
    }

    private func pager(_ query: FormValues, offset: Int, limit: Int, shown: Int, total: Int) -> String {
        var links: [String] = []
        let kept = query.pairs.filter { $0.0 != "offset" }.map { ($0.0, Optional($0.1)) }
        if offset > 0 { links.append("<a rel=\"prev\" href=\"/search\(HTML.query(kept + [("offset", String(max(0, offset - limit)))]))\">previous</a>") }
        if offset + shown < total { links.append("<a rel=\"next\" href=\"/search\(HTML.query(kept + [("offset", String(offset + limit))]))\">next</a>") }
        return links.isEmpty ? "" : "<nav class=\"pager\">" + links.joined(separator: " ") + "</nav>\n"
    }

    static func filterForm(_ query: FormValues, domains: [String]) -> String {
        var out = "<form class=\"filters\" action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\" value=\"\(HTML.escape(query["q"] ?? ""))\" aria-label=\"Words\">"
        out += "<select name=\"domain\" aria-label=\"Domain\"><option value=\"\">any domain</option>"
        for domain in domains {
            out += "<option\(domain == query["domain"] ? " selected" : "")>\(HTML.escape(domain))</option>"
        }
        out += "</select><input name=\"version\" value=\"\(HTML.escape(query["version"] ?? query["affects"] ?? ""))\" placeholder=\"affects: nginx 1.24\" aria-label=\"Affects version\">"
        return out + "<button type=\"submit\">Filter</button></form>\n"
    }

    func matchForm(_ query: FormValues) throws -> Response {
        try query.refuseUnknown([])
        return Reply.html(HTML.page(title: "Paste output", main: Self.matchForm(text: "")))
    }

    static func matchForm(text: String) -> String {
        """
        <form class="match" action="/match" method="post">
        <label for="paste">Paste an error, a log or a traceback: the records that explain it</label>
        <textarea id="paste" name="text" rows="8" required>\(HTML.escape(text))</textarea>
        <button type="submit">Explain</button>
        </form>
        """
    }

    /// The match form's answer: confident hits in full, or the nearest records marked as no match.
    func match(_ request: Request, _ query: FormValues) async throws -> Response {
        try query.refuseUnknown([])
        let body = try await Reply.bodyText(request, limit: ErrataAPI.matchBodyLimit)
        let form = FormValues(Substring(body))
        try form.refuseUnknown(["text"])
        let text = form["text"] ?? ""
        guard text.contains(where: { !$0.isWhitespace }) else {
            return Reply.html(HTML.page(title: "Paste output", main: "<p class=\"note\">Paste some output first.</p>" + Self.matchForm(text: "")), status: .badRequest)
        }
        let (answer, signatures) = try await kb.read { db in
            let answer = try ErrataAPI.match(text, db: db, limit: 3, minConfidence: nil, allVariants: false, textCache: kb.textCache)
            return (answer, try Self.signatures(of: answer.records.compactMap { $0 }, db: db))
        }
        var main = Self.matchForm(text: text)
        if !answer.answered {
            main += "<h2>No record explains this output</h2>"
            if !answer.hits.isEmpty {
                main += "<p>The nearest, <strong>not a match</strong> (their fixes are for other errors):</p><ul>"
                for hit in answer.hits {
                    main += "<li>\(HTML.recordLink(hit.id)) (confidence \(RecordMarkdown.percent(hit.confidence))): <code>\(HTML.escape(RecordMarkdown.oneLine(hit.signature, limit: 200)))</code></li>"
                }
                main += "</ul>"
            }
        }
        for (i, hit) in answer.hits.enumerated() where hit.confident {
            main += "<article class=\"record hit\"><h2>\(i + 1). \(HTML.recordLink(hit.id)) <small>confidence \(RecordMarkdown.percent(hit.confidence))</small></h2>"
            main += "<p>Matched line: <code>\(HTML.escape(RecordMarkdown.oneLine(hit.line, limit: 300)))</code></p>"
            if let record = answer.records[i] {
                main += RecordHTML.signature(record) + RecordHTML.body(record, outcomes: answer.outcomes[i], signatures: signatures)
            }
            main += "</article>\n"
        }
        return Reply.html(HTML.page(title: "Match", main: main))
    }

    func record(_ id: String, _ query: FormValues) async throws -> Response {
        try query.refuseUnknown([])
        let (record, outcomes, signatures) = try await kb.read { db in
            let store = RecordStore(db)
            guard let record = try store.load(id: id) else { throw HTTPFailure(.notFound, store.missingIDMessage(id)) }
            return (record, try OutcomeStore(db).tallies(recordID: record.id), try Self.signatures(of: [record], db: db))
        }
        return Reply.html(HTML.page(title: record.id, main: RecordHTML.page(record, outcomes: outcomes, signatures: signatures)))
    }

    /// The signatures of the records these link to, for the links' text.
    static func signatures(of records: [RecordData], db: Database) throws -> [String: String] {
        var out: [String: String] = [:]
        let store = RecordStore(db)
        for record in records {
            for link in record.transitions where out[link.toID] == nil {
                out[link.toID] = try store.signature(of: link.toID)
            }
        }
        return out
    }

    func domains(_ query: FormValues) async throws -> Response {
        try query.refuseUnknown([])
        return try await cachedPage("domains") { db in
            HTML.page(title: "Domains", main: "<h1>Domains</h1>" + Self.domainList(try Statistics(db: db).byDomain))
        }
    }

    static func domainList(_ byDomain: [(String, Int)]) -> String {
        "<ul class=\"domains\">" + byDomain.map {
            "<li><a href=\"/domains/\(HTML.escape(PathText.encode($0.0)))\">\(HTML.escape($0.0))</a> <span class=\"count\">\(Count.grouped($0.1))</span></li>"
        }.joined() + "</ul>\n"
    }

    /// A domain's records in id order, a page at a time.
    func domain(_ domain: String, _ query: FormValues) async throws -> Response {
        try query.refuseUnknown(["offset"])
        let offset = try query.integer("offset", in: 0...1_000_000, default: 0)
        let result = try await kb.read { db in
            try Searcher(db: db).search(nil, filters: try FilterValues(domain: domain).filters(in: db), limit: Self.pageSize, offset: offset)
        }
        var main = "<h1>\(HTML.escape(domain))</h1><p class=\"count\">\(Count.of(result.total, "record", grouped: true))</p><ol class=\"hits\" start=\"\(offset + 1)\">"
        for hit in result.hits { main += Self.hitItem(hit) }
        main += "</ol>"
        var links: [String] = []
        let base = "/domains/\(HTML.escape(PathText.encode(domain)))"
        if offset > 0 { links.append("<a rel=\"prev\" href=\"\(base)?offset=\(max(0, offset - Self.pageSize))\">previous</a>") }
        if offset + result.hits.count < result.total { links.append("<a rel=\"next\" href=\"\(base)?offset=\(offset + Self.pageSize)\">next</a>") }
        if !links.isEmpty { main += "<nav class=\"pager\">" + links.joined(separator: " ") + "</nav>" }
        return Reply.html(HTML.page(title: domain, main: main))
    }

    /// A page through the answer cache: kept while the database is unchanged.
    private func cachedPage(_ key: String, _ body: @escaping @Sendable (Database) throws -> String) async throws -> Response {
        let bytes = try await kb.cachedRead("page\u{0}" + key) { db in Array(try body(db).utf8) }
        return Reply.bytes(bytes, type: "text/html; charset=utf-8")
    }

    func errorPage(_ failure: HTTPFailure) -> Response {
        var response = Reply.html(HTML.page(title: "Error \(failure.status.code)", main: "<h1>\(failure.status.code) \(HTML.escape(failure.status.reasonPhrase))</h1><p>\(HTML.escape(failure.message))</p>"),
                                  status: failure.status)
        response.headers.append(contentsOf: failure.headers)
        return response
    }
}
