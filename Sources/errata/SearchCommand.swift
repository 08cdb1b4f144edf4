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

    /// What was asked, as plain values (`QuickSearchParser` makes the same without ArgumentParser).
    var request: SearchRequest {
        SearchRequest(db: global.db, filters: filters.values, limit: limit, offset: offset, json: json, format: format,
                      ids: ids, allVariants: allVariants, query: query)
    }

    func validate() throws {
        if let problem = request.problem { throw ValidationError(problem) }
    }

    func run() throws {
        try request.run()
    }
}

