import ArgumentParser
import ErrataKit

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find records by keywords, best first; or list them by filters alone.",
        discussion: """
            Words must all match (stemmed: fail finds failed), the last one as a prefix. "Quoted phrases" \
            match in order; -word excludes. Anything else (operators, quotes, paths, codes like E0502) is \
            searched as plain text. Chinese, Japanese and Korean words of two or more characters match too.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: FilterOptions

    @Option(help: "Show at most this many records.")
    var limit = 10

    @Option(help: "Skip this many records first (for paging).")
    var offset = 0

    @Flag(help: "Print a JSON array of hits.")
    var json = false

    @Flag(help: "List every environment of an error as its own hit (by default they are one hit with its variants).")
    var allVariants = false

    @Argument(help: ArgumentHelp("Words to search for (optional with filters).", valueName: "query"))
    var query: [String] = []

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if offset < 0 { throw ValidationError("--offset must not be negative") }
        if query.isEmpty && filters.isEmpty {
            throw ValidationError("nothing to search for: give words, a filter, or both")
        }
    }

    func run() throws {
        let db = try global.open()
        let text = query.isEmpty ? nil : query.joined(separator: " ")
        let searcher = Searcher(db: db)
        let result = try reportingErrors {
            try searcher.search(text, filters: try filters.filters(), limit: limit, offset: offset, groupVariants: !allVariants)
        }
        if result.emptyQuery {
            throw CommandFailure("nothing to search for in \"\(text ?? "")\": it has no words", code: 1)
        }
        if result.relaxed {
            Terminal.error("no record has all of the words; showing records that have some of them")
        }
        if result.windowed {
            Terminal.error("\(searcher.rankingWindow) or more records match; ranked the \(searcher.rankingWindow) newest (add a word or a filter to narrow it)")
        }
        if json {
            Terminal.write(JSONWriter.pretty(.array(result.hits.map(HitJSON.search))) + "\n")
        } else {
            Terminal.write(HitListing.render(result.hits))
        }
        if result.hits.isEmpty { throw ExitCode(1) }
    }
}

/// The JSON of one hit (DESIGN: at least id, domain, category, signature, score).
enum HitJSON {
    /// The members every listing shares.
    static func base(id: String, domain: String, category: String?, signature: String, score: Double) -> JSONObject {
        JSONObject([
            .init("id", .string(id)),
            .init("domain", .string(domain)),
            .init("category", category.map(JSONValue.string) ?? .null),
            .init("signature", .string(signature)),
            .init("score", rounded(score)),
        ])
    }

    /// The members of a ranked hit: its confidence and every environment
    /// of the error (the hit's own id first).
    static func ranked(_ object: inout JSONObject, confidence: Double, confident: Bool, id: String, variants: [String]) {
        object.append("confidence", rounded(confidence))
        object.append("confident", .bool(confident))
        object.append("variants", .array(([id] + variants).map(JSONValue.string)))
    }

    static func rounded(_ x: Double) -> JSONValue {
        .number(JSONNumber((x * 1000).rounded() / 1000))
    }

    static func search(_ hit: SearchHit) -> JSONValue {
        var object = base(id: hit.id, domain: hit.domain, category: hit.category, signature: hit.signature, score: hit.score)
        if hit.score != 0 {
            ranked(&object, confidence: hit.confidence, confident: hit.confident, id: hit.id, variants: hit.variants)
        }
        if let snippet = hit.snippet {
            object.append("snippet", .string(Searcher.render(snippet, open: "[", close: "]")))
        }
        return .object(object)
    }
}

/// Aligned text for a list of hits: id, domain, category and score in
/// columns, then the signature and the matching snippet indented below.
enum HitListing {
    static func render(_ hits: [SearchHit]) -> String {
        let idWidth = hits.map(\.id.count).max() ?? 0
        let domainWidth = hits.map(\.domain.count).max() ?? 0
        let categoryWidth = hits.map { ($0.category ?? "-").count }.max() ?? 0
        var out = ""
        for hit in hits {
            let id = hit.id.padding(idWidth)
            let domain = hit.domain.padding(domainWidth)
            let category = (hit.category ?? "-").padding(categoryWidth)
            var line = Terminal.bold(Terminal.cyan(id)) + "  " + domain + "  " + Terminal.dim(category)
            if hit.score != 0 { line += "  " + formatScore(hit.score) }
            out += line.trimmingTrailingSpaces + "\n"
            let signature = hit.highlightedSignature.map { Terminal.snippet($0) } ?? hit.signature.singleLine
            let snippetLine = hit.snippet.map { Terminal.dim("…") + Terminal.snippet($0) }
            out += "    " + signature + "\n"
            if let snippetLine { out += "    " + snippetLine + "\n" }
            if !hit.variants.isEmpty { out += "    " + Terminal.dim(variantsNote(hit.variants)) + "\n" }
        }
        return out
    }

    static func variantsNote(_ variants: [String]) -> String {
        "also as " + variants.prefix(3).joined(separator: ", ") + (variants.count > 3 ? " and \(variants.count - 3) more" : "")
    }

    static func formatScore(_ score: Double) -> String {
        let scaled = Int((score * 10).rounded())
        return "\(scaled / 10).\(abs(scaled % 10))"
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    var singleLine: String {
        split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
