import ArgumentParser
import ErrataKit

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count records by domain, category and tier; list links to ids not in the database."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the counts as JSON.")
    var json = false

    @Flag(name: .customLong("by-category"), help: "List every category with its count, and every dangling link (by default the ten largest, the first ten).")
    var byCategory = false

    func run() throws {
        let db = try global.open()
        let stats = try reportingErrors { try Statistics(db: db) }
        if json {
            try Terminal.write(JSONWriter.pretty(stats.json) + "\n")
            return
        }
        var out = [Count.of(stats.records, "record"), Count.of(stats.versions, "version"), Count.of(stats.deadEnds, "dead end"),
                   Count.of(stats.workarounds, "workaround"), Count.of(stats.transitions, "link")].joined(separator: ", ") + "\n"
        let categories = byCategory ? stats.byCategory : Array(stats.byCategory.prefix(10))
        let categoryTitle = byCategory || stats.byCategory.count <= 10
            ? "By category" : "By category (the 10 largest of \(stats.byCategory.count); --by-category for all)"
        for (title, pairs) in [("By domain", stats.byDomain), (categoryTitle, categories), ("By tier", stats.byTier)] {
            out += "\n" + Terminal.bold(title) + "\n"
            let names = pairs.map { $0.0.singleLine }
            let width = names.map(DisplayWidth.of).max() ?? 0
            for (name, (_, count)) in zip(names, pairs) {
                out += "  " + name.padding(width) + "  " + String(count) + "\n"
            }
        }
        out += "\n" + Terminal.bold("Links to ids not in the database: \(stats.dangling.count)") + "\n"
        for d in stats.dangling.prefix(byCategory ? Int.max : 10) {
            out += "  \(d.fromID) \(d.kind) \(Terminal.yellow(d.toID))\n"
        }
        if !byCategory && stats.dangling.count > 10 {
            out += Terminal.dim("  and \(stats.dangling.count - 10) more (--by-category or --json lists them all)") + "\n"
        }
        if stats.outcomes > 0 {
            out += "\n" + Terminal.bold("Outcomes reported here: \(stats.outcomes)")
                + (stats.orphanedOutcomes > 0 ? " (\(stats.orphanedOutcomes) orphaned: their record or action is gone)" : "") + "\n"
        }
        try Terminal.write(out)
    }
}
