import ArgumentParser
import ErrataKit

/// How a listing is printed.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, tsv, json, ndjson
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
    /// (`isNewline`: "\r\n" is one Character, equal to neither "\n" nor "\r".)
    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
                ? "\"" + field.replacing("\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }

    /// A tab or line break inside a TSV field becomes a space.
    static func tsvField(_ field: String) -> String {
        String(field.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }

    static func table(_ hits: [SearchHit]) -> String {
        let idWidth = hits.map { DisplayWidth.of($0.id) }.max() ?? 0
        let domainWidth = hits.map { DisplayWidth.of($0.domain) }.max() ?? 0
        let categories = hits.map { ($0.category ?? "-").singleLine }
        let categoryWidth = categories.map(DisplayWidth.of).max() ?? 0
        var out = ""
        for (hit, category) in zip(hits, categories) {
            let id = hit.id.padding(idWidth)
            let domain = hit.domain.padding(domainWidth)
            let category = category.padding(categoryWidth)
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
        joiningLines(with: " ")
    }

    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
