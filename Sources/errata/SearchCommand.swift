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

    @Flag(help: "Print a JSON array of hits (the same as --format json).")
    var json = false

    @Option(help: ArgumentHelp("Output: table (aligned text, the default), csv, tsv, json or ndjson.", valueName: "format"))
    var format: ListingFormat?

    @Flag(help: "Print only the ids, one a line (for `xargs errata show`).")
    var ids = false

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
        if json && format != nil && format != .json { throw ValidationError("--json and --format \(format!.rawValue) disagree: give one") }
    }

    func run() throws {
        let db = try global.open()
        var filters = try self.filters.filters(in: db)
        var text = query.isEmpty ? nil : query.joined(separator: " ")
        // "what breaks in nginx 1.24": the product and version are a filter.
        var phrase: VersionSpec?
        if filters.version == nil, let words = text, !words.contains("\"") {
            let known = try reportingErrors { try VersionedProducts.all(db) }
            if let found = VersionedProducts.phrase(in: words.split(separator: " ").map(String.init), known: known, names: ProductNames.load()) {
                phrase = found.spec
                filters.version = found.spec
                text = found.rest.isEmpty ? nil : found.rest.joined(separator: " ")
                Terminal.error("reading as: --affects \"\(found.spec.product ?? "") \(found.spec.version ?? "")\"" + (text.map { " + words: \($0)" } ?? ""))
            }
        }
        let searcher = Searcher(db: db)
        var result = try reportingErrors {
            try searcher.search(text, filters: filters, limit: limit, offset: offset, groupVariants: !allVariants)
        }
        if let phrase, result.hits.isEmpty || result.emptyQuery {
            // The words found nothing among the records of that version: list those records.
            if !result.emptyQuery, let text {
                Terminal.error("no record for \(phrase.product ?? "") \(phrase.version ?? "") has the words \"\(text)\"; listing every record that affects it")
            }
            result = try reportingErrors {
                try searcher.search(nil, filters: filters, limit: limit, offset: offset, groupVariants: !allVariants)
            }
        }
        if result.emptyQuery {
            throw CommandFailure("nothing to search for in \"\(text ?? "")\": it has no words", code: 2)
        }
        if result.relaxed {
            Terminal.error("no record has all of the words; showing records that have some of them")
        }
        if result.windowed {
            Terminal.error("\(searcher.rankingWindow) or more records match; ranked the \(searcher.rankingWindow) newest (add a word or a filter to narrow it)")
        }
        if ids {
            Terminal.write(result.hits.map { $0.id + "\n" }.joined())
        } else {
            let shown = json ? .json : format ?? .table
            Terminal.write(HitListing.render(result.hits, as: shown))
            if shown == .table && !result.hits.isEmpty {
                let range = offset + result.hits.count < result.total || offset > 0
                    ? "\(offset + 1)-\(offset + result.hits.count) of \(Count.grouped(result.total))" : "\(result.hits.count) of \(result.hits.count)"
                Terminal.write(Terminal.dim(range + (result.windowed ? "+" : "") + (result.total > offset + result.hits.count ? " (--limit, --offset for more)" : "")) + "\n")
            }
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
        // A listing by filters alone is in id order, not ranked: no score rather than a column of zeros.
        if hit.score == 0, let at = object.members.firstIndex(where: { $0.key == "score" }) { object.members[at].value = .null }
        if hit.score != 0 {
            ranked(&object, confidence: hit.confidence, confident: hit.confident, id: hit.id, variants: hit.variants)
        }
        if let snippet = hit.snippet {
            // The plain text and where the query's words are in it: brackets
            // could not be told from brackets in the text.
            object.append("snippet", .string(Searcher.plain(snippet)))
            object.append("highlights", .array(Searcher.highlightOffsets(snippet).map {
                .array([.number(JSONNumber(Int64($0.start))), .number(JSONNumber(Int64($0.end)))])
            }))
        }
        return .object(object)
    }
}

/// How a listing is printed.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, tsv, json, ndjson
}

/// Numbers for people: 1,428.
enum Count {
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}

/// Aligned text for a list of hits: id, domain, category and score in
/// columns, then the signature and the matching snippet indented below.
enum HitListing {
    static func render(_ hits: [SearchHit], as format: ListingFormat) -> String {
        switch format {
        case .table: return table(hits)
        case .json: return JSONWriter.pretty(.array(hits.map(HitJSON.search))) + "\n"
        case .ndjson: return hits.map { JSONWriter.compact(HitJSON.search($0)) + "\n" }.joined()
        case .csv, .tsv:
            let header = ["id", "domain", "category", "score", "signature"]
            let rows = hits.map { [$0.id, $0.domain, $0.category ?? "", $0.score == 0 ? "" : formatScore($0.score), $0.signature.singleLine] }
            return ([header] + rows).map { format == .csv ? csvLine($0) : $0.map(tsvField).joined(separator: "\t") }.map { $0 + "\n" }.joined()
        }
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacing("\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }

    /// A tab or line break inside a TSV field becomes a space.
    static func tsvField(_ field: String) -> String {
        String(field.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    static func table(_ hits: [SearchHit]) -> String {
        let idWidth = hits.map { DisplayWidth.of($0.id) }.max() ?? 0
        let domainWidth = hits.map { DisplayWidth.of($0.domain) }.max() ?? 0
        let categoryWidth = hits.map { DisplayWidth.of($0.category ?? "-") }.max() ?? 0
        var out = ""
        for hit in hits {
            let id = hit.id.padding(idWidth)
            let domain = hit.domain.padding(domainWidth)
            let category = (hit.category ?? "-").padding(categoryWidth)
            var line = Terminal.bold(Terminal.cyan(id)) + "  " + domain + "  " + Terminal.dim(category)
            if hit.score != 0 { line += "  " + formatScore(hit.score) }
            out += line.trimmingTrailingSpaces + "\n"
            let signature = hit.highlightedSignature.map { Terminal.snippet($0) } ?? hit.signature.singleLine
            // A snippet cut from the middle of its field starts with its own ellipsis.
            let snippetLine = hit.snippet.map { ($0.hasPrefix("…") ? "" : Terminal.dim("…")) + Terminal.snippet($0) }
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
    /// Padded with spaces to `width` terminal columns.
    func padding(_ width: Int) -> String {
        let columns = DisplayWidth.of(self)
        return columns >= width ? self : self + String(repeating: " ", count: width - columns)
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
