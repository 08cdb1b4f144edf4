import ArgumentParser
import ErrataKit

struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Paste raw output (logs, tracebacks, build output); get the records that explain it.",
        discussion: """
            Reads the files, or standard input when none is given, weighs every word of the output (the \
            lines that carry an error most) and shows, best first, what each confidently matching record \
            says: the cause, what NOT to try, what works. When no record is a confident match it says so, \
            lists the nearest few as not a match, and exits 1. Environments of one error (same \
            domain/slug) are one hit with its variants.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Show at most this many records.")
    var limit = 3

    @Flag(help: "Print a JSON array of hits, with each record's dead ends and workarounds, confidence and variants.")
    var json = false

    @Flag(help: "List every environment of an error as its own hit (by default they are one hit with its variants).")
    var allVariants = false

    @Argument(help: ArgumentHelp("Files to read (default: standard input).", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let db = try global.open()
        var collector = ErrorLineCollector()
        if files.isEmpty && Terminal.stdinIsTerminal {
            Terminal.error("paste the output, then Ctrl-D")
        }
        try reportingErrors {
            for path in files.isEmpty ? ["-"] : files {
                let reader = try LineReader(path: path)
                while let line = try reader.nextBounded(maxBytes: 1 << 16) {
                    switch line {
                    case .whole(let bytes):
                        collector.add(String(decoding: bytes, as: UTF8.self))
                    case .shortened(let head, let tail, let length):
                        collector.addShortened(head: String(decoding: head, as: UTF8.self), tail: String(decoding: tail, as: UTF8.self), length: length)
                    }
                }
            }
        }
        if collector.shortenedLines > 0 {
            let count = collector.shortenedLines
            Terminal.error("note: \(count) \(count == 1 ? "line" : "lines") longer than \(ErrorLineCollector.maxLineLength) characters (the longest \(collector.longestLine) bytes) \(count == 1 ? "was" : "were") read by \(count == 1 ? "its" : "their") first and last \(ErrorLineCollector.maxLineLength / 2)")
        }
        let store = RecordStore(db)
        let result = try reportingErrors { try Matcher(db: db).match(collector, limit: limit, groupVariants: !allVariants) }
        for id in result.skippedRegexes {
            Terminal.error("the regex of \(id) gave up on this input (too many steps); it was matched on its words")
        }
        let answers = result.hits.filter(\.confident)
        if json {
            let records = try reportingErrors { try result.hits.map { try store.load(rid: $0.rid) } }
            Terminal.write(JSONWriter.pretty(.array(zip(result.hits, records).map { MatchJSON.hit($0, $1) })) + "\n")
        } else if answers.isEmpty {
            // Records that are near but not confident are no answer: their
            // dead ends and workarounds would be advice for another error.
            Terminal.error(result.hits.isEmpty ? "no record explains this output"
                           : "no record explains this output; the nearest, not a match:")
            Terminal.write(nearest(result.hits.prefix(3)))
        } else {
            let records = try reportingErrors { try answers.map { try store.load(rid: $0.rid) } }
            Terminal.write(render(answers, records))
        }
        if answers.isEmpty { throw ExitCode(1) }
    }

    private func nearest(_ hits: ArraySlice<MatchHit>) -> String {
        hits.map { hit in
            "   " + Terminal.dim("not a match: ") + Terminal.cyan(hit.id) + "  " + hit.domain + "  "
                + Terminal.dim("confidence \(HitListing.formatScore(hit.confidence * 100))%") + "\n"
                + "      " + hit.signature.singleLine + "\n"
        }.joined()
    }

    private func render(_ hits: [MatchHit], _ records: [RecordData?]) -> String {
        var out = ""
        for (i, (hit, record)) in zip(hits, records).enumerated() {
            if i > 0 { out += "\n" + Terminal.dim(String(repeating: "─", count: 60)) + "\n" }
            out += Terminal.bold("\(i + 1). ") + Terminal.bold(Terminal.cyan(hit.id)) + "  " + hit.domain
                + "  " + Terminal.dim(hit.category ?? "-") + "  " + Terminal.dim("score \(HitListing.formatScore(hit.score))"
                + ", confidence \(HitListing.formatScore(hit.confidence * 100))%" + (hit.regexMatched ? ", regex" : "")) + "\n"
            out += "   " + Terminal.bold(hit.signature.singleLine) + "\n"
            out += "   " + Terminal.dim("matched: ") + hit.line.singleLine + "\n"
            if !hit.variants.isEmpty { out += "   " + Terminal.dim(HitListing.variantsNote(hit.variants)) + "\n" }
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
        HitJSON.ranked(&object, confidence: hit.confidence, confident: hit.confident, id: hit.id, variants: hit.variants)
        if let record, case .object(let doc) = RecordEncoder.encode(record, as: .seed) {
            object.append("root_cause", doc["root_cause"] ?? .null)
            object.append("dead_ends", doc["dead_ends"] ?? .array([]))
            object.append("workarounds", doc["workarounds"] ?? .array([]))
        }
        return .object(object)
    }
}
