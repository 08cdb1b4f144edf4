import ArgumentParser
import ErrataKit

struct ChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Show the error graph around a record: what it leads to, what precedes it, what it is confused with."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "How many links away from the record to follow.")
    var depth = 2

    @Flag(help: "Print the nodes and edges as JSON.")
    var json = false

    @Argument(help: ArgumentHelp("The record id.", valueName: "id"), completion: Completions.recordIDs)
    var id: String

    func validate() throws {
        if depth < 1 || depth > 10 { throw ValidationError("--depth must be between 1 and 10") }
    }

    func run() throws {
        let db = try global.open()
        let graph = try reportingErrors { try ErrorGraph(db: db, id: id, depth: depth) }
        guard graph.nodes.first?.signature != nil else {
            throw CommandFailure(RecordStore(db).missingIDMessage(id), code: 1)
        }
        if json {
            try Terminal.write(JSONWriter.pretty(graph.json) + "\n")
            return
        }
        let signatures = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.id, $0.signature) })
        var out = Terminal.bold(Terminal.cyan(id)) + "  " + (signatures[id]??.singleLine ?? "") + "\n"
        var shown: Set<String> = [id]
        func walk(_ node: String, parent: String?, level: Int) {
            guard level <= depth else { return }
            // The edge back to where we came from says nothing new.
            for edge in graph.edges where edge.from == node && edge.to != parent {
                let indent = String(repeating: "  ", count: level)
                var line = indent + Terminal.dim(edge.kind.label.padding(14)) + edge.to
                let again = shown.contains(edge.to)
                if let signature = signatures[edge.to] ?? nil {
                    line += Terminal.dim("  " + signature.singleLine)
                } else {
                    line += Terminal.yellow("  (not in database)")
                }
                if let p = edge.probability { line += Terminal.dim("  p=\(RecordText.plain(.number(JSONNumber(p))))") }
                if again { line += Terminal.dim("  (above)") }
                out += line + "\n"
                if let note = edge.distinction ?? edge.condition {
                    out += indent + "              " + Terminal.dim(note.singleLine) + "\n"
                }
                if !again {
                    shown.insert(edge.to)
                    walk(edge.to, parent: node, level: level + 1)
                }
            }
        }
        walk(id, parent: nil, level: 1)
        try Terminal.write(out)
    }
}
