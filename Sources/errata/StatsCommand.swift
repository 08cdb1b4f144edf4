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

    func run() throws {
        let db = try global.open()
        let stats = try reportingErrors { try Statistics(db: db) }
        if json {
            Terminal.write(JSONWriter.pretty(stats.json) + "\n")
            return
        }
        var out = "\(stats.records) records, \(stats.versions) versions, \(stats.deadEnds) dead ends, \(stats.workarounds) workarounds, \(stats.transitions) links\n"
        for (title, pairs) in [("By domain", stats.byDomain), ("By category", stats.byCategory), ("By tier", stats.byTier)] {
            out += "\n" + Terminal.bold(title) + "\n"
            let width = pairs.map(\.0.count).max() ?? 0
            for (name, count) in pairs {
                out += "  " + name.padding(width) + "  " + String(count) + "\n"
            }
        }
        out += "\n" + Terminal.bold("Links to ids not in the database: \(stats.dangling.count)") + "\n"
        for d in stats.dangling {
            out += "  \(d.fromID) \(d.kind) \(Terminal.yellow(d.toID))\n"
        }
        Terminal.write(out)
    }
}
