import ArgumentParser
import ErrataKit

struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Paste raw output (logs, tracebacks, build output); get the records that explain it.",
        usage: "errata match [<options>] [<file> ...]",
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

    @Option(name: [.customShort("C"), .customLong("context")], help: ArgumentHelp("Show this many input lines before and after each matched line.", valueName: "n"))
    var context = 0

    @Option(name: .customLong("min-confidence"), help: ArgumentHelp("Answer with records of at least this confidence (0..1) instead of the fitted threshold.", valueName: "x"))
    var minConfidence: Double?

    @Flag(help: "List every environment of an error as its own hit (by default they are one hit with its variants).")
    var allVariants = false

    @Argument(help: ArgumentHelp("Files to read (default: standard input).", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if context < 0 || context > 20 { throw ValidationError("--context must be between 0 and 20") }
        if let minConfidence, !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence must be between 0 and 1") }
    }

    func run() throws {
        let db = try global.open()
        var collector = ErrorLineCollector(contextLines: context)
        try Self.read(files, into: &collector)
        let store = RecordStore(db)
        let result = try reportingErrors { try Matcher(db: db).match(collector, limit: limit, groupVariants: !allVariants, minConfidence: minConfidence) }
        for id in result.skippedRegexes {
            Terminal.error("the regex of \(id) gave up on this input (too many steps); it was matched on its words")
        }
        let hits = result.hits
        let answers = hits.filter(\.confident)
        if json {
            let records = try reportingErrors { try hits.map { try store.load(rid: $0.rid) } }
            let outcomes = try reportingErrors { try records.map { try $0.map { try OutcomeStore(db).tallies(recordID: $0.id) } ?? [:] } }
            try Terminal.write(JSONWriter.pretty(.array(hits.indices.map {
                MatchJSON.hit(hits[$0], records[$0], collector.detail(of: hits[$0].line), outcomes: outcomes[$0])
            })) + "\n")
        } else if answers.isEmpty {
            // Records that are near but not confident are no answer: their
            // dead ends and workarounds would be advice for another error.
            Terminal.error(hits.isEmpty ? "no record explains this output"
                           : "no record explains this output; the nearest, not a match:")
            try Terminal.write(nearest(hits.prefix(3)))
        } else {
            let records = try reportingErrors { try answers.map { try store.load(rid: $0.rid) } }
            try Terminal.write(render(answers, records, collector, db))
        }
        if answers.isEmpty { throw ExitCode(1) }
    }

    /// Reads the files (standard input when none), as pasted output: on a
    /// terminal it first says what it waits for; long lines are read by
    /// their two ends, with a note.
    static func read(_ files: [String], into collector: inout ErrorLineCollector) throws {
        if files.isEmpty && Terminal.stdinIsTerminal {
            Terminal.error("paste the output, then Ctrl-D")
        }
        try reportingErrors {
            for path in files.isEmpty ? ["-"] : files {
                collector.beginSource(path == "-" ? "stdin" : path)
                let reader = try LineReader(path: path, text: true)
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
    }

    /// The matched line with where it came from (FILE:LINE, how often),
    /// the lines around it with -C, and at most two terminal lines of it.
    private func matchedLine(_ line: String, _ detail: ErrorLineCollector.LineDetail?) -> String {
        var out = ""
        var place = ""
        if let detail {
            place = "\(detail.source):\(detail.lineNumber)" + (detail.occurrences > 1 ? ", \(detail.occurrences) times" : "")
            for before in detail.before { out += "   " + Terminal.dim("  | " + Self.shortened(before)) + "\n" }
        }
        out += "   " + Terminal.dim("matched: ") + Self.shortened(line) + (place.isEmpty ? "" : Terminal.dim("  (" + place + ")")) + "\n"
        for after in detail?.after ?? [] { out += "   " + Terminal.dim("  | " + Self.shortened(after)) + "\n" }
        return out
    }

    /// A line cut to about two terminal lines, for display.
    static func shortened(_ line: String) -> String {
        let flat = line.singleLine
        let room = DisplayWidth.terminalColumns * 2
        guard DisplayWidth.of(flat) > room else { return flat }
        var out = ""
        var used = 0
        for character in flat {
            let w = DisplayWidth.of(String(character))
            if used + w > room - 2 { break }
            out.append(character)
            used += w
        }
        return out + " …"
    }

    private func nearest(_ hits: ArraySlice<MatchHit>) -> String {
        hits.map { hit in
            "   " + Terminal.dim("not a match: ") + Terminal.cyan(hit.id) + "  " + hit.domain + "  "
                + Terminal.dim("confidence \(HitListing.formatScore(hit.confidence * 100))%") + "\n"
                + "      " + hit.signature.singleLine + "\n"
        }.joined()
    }

    private func render(_ hits: [MatchHit], _ records: [RecordData?], _ collector: ErrorLineCollector, _ db: Database) -> String {
        var out = ""
        for (i, (hit, record)) in zip(hits, records).enumerated() {
            if i > 0 { out += "\n" + Terminal.dim(String(repeating: "─", count: 60)) + "\n" }
            out += Terminal.bold("\(i + 1). ") + Terminal.bold(Terminal.cyan(hit.id)) + "  " + hit.domain
                + "  " + Terminal.dim((hit.category ?? "-").singleLine) + "  " + Terminal.dim("score \(HitListing.formatScore(hit.score))"
                + ", confidence \(HitListing.formatScore(hit.confidence * 100))%" + (hit.regexMatched ? ", regex" : "")) + "\n"
            out += "   " + Terminal.bold(hit.signature.singleLine) + "\n"
            out += matchedLine(hit.line, collector.detail(of: hit.line))
            if !hit.variants.isEmpty { out += "   " + Terminal.dim(HitListing.variantsNote(hit.variants)) + "\n" }
            guard let record else { continue }
            if let cause = record.text("root_cause") {
                out += RecordText.section("Root cause") + RecordText.wrap(cause, indent: 2)
            }
            let outcomes = (try? OutcomeStore(db).tallies(recordID: record.id)) ?? [:]
            out += RecordText.deadEnds(record, observed: outcomes[.deadEnd] ?? [:])
            out += RecordText.workarounds(record, observed: outcomes[.workaround] ?? [:])
        }
        return out
    }
}
