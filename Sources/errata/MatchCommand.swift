import ArgumentParser
import ErrataKit

struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Paste raw output (logs, tracebacks, build output); get the records that explain it.",
        discussion: """
            Reads the files, or standard input when none is given, finds the lines that carry an error and \
            shows, best first, what each matching record says: the cause, what NOT to try, what works.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Show at most this many records.")
    var limit = 3

    @Flag(help: "Print a JSON array of hits, with each record's dead ends and workarounds.")
    var json = false

    @Argument(help: ArgumentHelp("Files to read (default: standard input).", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let db = try global.open()
        var collector = ErrorLineCollector()
        try reportingErrors {
            for path in files.isEmpty ? ["-"] : files {
                let reader = try LineReader(path: path)
                while try reader.next({ collector.add(String(decoding: $0, as: UTF8.self)) }) != nil {}
            }
        }
        let store = RecordStore(db)
        let result = try reportingErrors { try Matcher(db: db).match(collector, limit: limit) }
        for id in result.skippedRegexes {
            Terminal.error("the regex of \(id) gave up on this input (too many steps); it was matched on its words")
        }
        let records = try reportingErrors { try result.hits.map { try store.load(rid: $0.rid) } }
        if json {
            Terminal.write(JSONWriter.pretty(.array(zip(result.hits, records).map { MatchJSON.hit($0, $1) })) + "\n")
        } else {
            Terminal.write(render(result, records))
        }
        if result.hits.isEmpty { throw ExitCode(1) }
    }

    private func render(_ result: MatchResult, _ records: [RecordData?]) -> String {
        var out = ""
        for (i, (hit, record)) in zip(result.hits, records).enumerated() {
            if i > 0 { out += "\n" + Terminal.dim(String(repeating: "─", count: 60)) + "\n" }
            out += Terminal.bold("\(i + 1). ") + Terminal.bold(Terminal.cyan(hit.id)) + "  " + hit.domain
                + "  " + Terminal.dim(hit.category ?? "-") + "  " + Terminal.dim("score \(HitListing.formatScore(hit.score))"
                + (hit.regexMatched ? ", regex" : "")) + "\n"
            out += "   " + Terminal.bold(hit.signature.singleLine) + "\n"
            out += "   " + Terminal.dim("matched: ") + hit.line.singleLine + "\n"
            guard let record else { continue }
            if let cause = record.text("root_cause") {
                out += RecordText.section("Root cause") + RecordText.wrap(cause, indent: 2)
            }
            out += RecordText.deadEnds(record)
            out += RecordText.workarounds(record)
        }
        return out
    }
}

enum MatchJSON {
    static func hit(_ hit: MatchHit, _ record: RecordData?) -> JSONValue {
        var object = HitJSON.base(id: hit.id, domain: hit.domain, category: hit.category, signature: hit.signature, score: hit.score)
        object.append("line", .string(hit.line))
        object.append("regex_matched", .bool(hit.regexMatched))
        if let record, case .object(let doc) = RecordEncoder.encode(record, as: .seed) {
            object.append("root_cause", doc["root_cause"] ?? .null)
            object.append("dead_ends", doc["dead_ends"] ?? .array([]))
            object.append("workarounds", doc["workarounds"] ?? .array([]))
        }
        return .object(object)
    }
}
