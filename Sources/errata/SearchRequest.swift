import ArgumentParser
import ErrataKit

/// A search as plain values: what `SearchCommand` parsed, or what
/// `QuickSearchParser` read without ArgumentParser (a search is a whole
/// process, and reflecting over the command's options was a third of it).
struct SearchRequest: Equatable {
    var db: String?
    var filters = FilterValues()
    var limit = 10
    var offset = 0
    var json = false
    var format: ListingFormat?
    var ids = false
    var allVariants = false
    var query: [String] = []

    /// What is wrong with the request, in ArgumentParser's words for it; nil when nothing.
    var problem: String? {
        if limit < 1 { return "--limit must be at least 1" }
        if offset < 0 { return "--offset must not be negative" }
        if query.isEmpty && filters.isEmpty { return "nothing to search for: give words, a filter, or both" }
        if json, let format, format != .json { return "--json and --format \(format.rawValue) disagree: give one" }
        return nil
    }

    func run() throws {
        let db = try GlobalOptions.open(db: self.db)
        let names = ProductNames.load()
        let filters = try self.filters.checkedFilters(in: db, names: names)
        let phrased = try reportingErrors {
            try PhrasedSearch(query.isEmpty ? nil : query.joined(separator: " "), filters: filters, db: db, names: names,
                              limit: limit, offset: offset, groupVariants: !allVariants)
        }
        phrased.notes.forEach(Terminal.error)
        let (result, text) = (phrased.result, phrased.text)
        if let mistake = try reportingErrors({ try result.mistake(query: text, filters: phrased.filters, in: db) }) {
            throw CommandFailure(mistake.message, code: mistake.code)
        }
        if result.windowed {
            let window = Searcher.defaultRankingWindow
            Terminal.error("\(window) or more records match; ranked the \(window) newest (add a word or a filter to narrow it)")
        }
        if ids {
            try Terminal.write(result.hits.map { $0.id + "\n" }.joined())
        } else {
            let shown = json ? .json : format ?? .table
            try Terminal.write(HitListing.render(result.hits, as: shown))
            if shown == .table && !result.hits.isEmpty {
                let range = offset + result.hits.count < result.total || offset > 0
                    ? "\(offset + 1)-\(offset + result.hits.count) of \(result.totalText)" : "\(result.hits.count) of \(result.hits.count)"
                try Terminal.write(Terminal.dim(range + (result.total > offset + result.hits.count ? " (--limit, --offset for more)" : "")) + "\n")
            }
        }
        if result.hits.isEmpty { throw ExitCode(1) }
    }
}

/// Reads `errata search ...` without ArgumentParser when every argument is
/// one of the forms it knows (`--opt value`, `--opt=value`, flags, words,
/// `--` then words); anything else (help, a repeated or unknown option, a
/// value that looks like an option, a bad number) is left to ArgumentParser
/// (nil), so that every message and all validation stay its own.
/// `CommandLineCLITests` runs both on the same arguments and compares.
enum QuickSearchParser {
    static func parse(_ arguments: [String]) -> SearchRequest? {
        guard arguments.first == "search" else { return nil }
        var request = SearchRequest()
        var seen = Set<String>()
        var rest = arguments.dropFirst()[...]
        while let argument = rest.first {
            rest = rest.dropFirst()
            if argument == "--" {
                request.query += rest
                break
            }
            guard argument.hasPrefix("-") else {
                request.query.append(argument)
                continue
            }
            guard argument.hasPrefix("--") else { return nil }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard seen.insert(name).inserted else { return nil }
            switch name {
            case "--json", "--ids", "--all-variants":
                guard value == nil else { return nil }
                if name == "--json" { request.json = true } else if name == "--ids" { request.ids = true } else { request.allVariants = true }
                continue
            default:
                break
            }
            if value == nil {
                guard let next = rest.first, !next.hasPrefix("-") else { return nil }
                value = next
                rest = rest.dropFirst()
            }
            guard let value else { return nil }
            switch name {
            case "--db": request.db = value
            case "--limit": guard let n = Int(value) else { return nil }; request.limit = n
            case "--offset": guard let n = Int(value) else { return nil }; request.offset = n
            case "--format": guard let f = ListingFormat(rawValue: value) else { return nil }; request.format = f
            case "--domain": request.filters.domain = value
            case "--category": request.filters.category = value
            case "--tag": request.filters.tag = value
            case "--tier": request.filters.tier = value
            case "--min-confidence": guard let x = Double(value) else { return nil }; request.filters.minConfidence = x
            case "--status": request.filters.status = value
            case "--affects": request.filters.affects = value
            case "--version": request.filters.oldVersionSpec = value
            default: return nil
            }
        }
        return request.problem == nil ? request : nil
    }
}
