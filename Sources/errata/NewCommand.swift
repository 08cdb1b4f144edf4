import ArgumentParser
import ErrataKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Draft a seed record from pasted output, after saying which records already match it.",
        discussion: """
            Reads the output as match does and drafts a seed: the error line as signature with its variable \
            parts (numbers, paths, URLs, addresses, hex ids, quoted names) generalised, a regex for Python's re \
            and PCRE2 that matches that line and the same error with other values, an id and domain guessed \
            from the products the output names, the versions it names, and empty dead ends and workarounds to \
            fill in. --edit opens the draft in $VISUAL or $EDITOR, checks it when the editor closes (again \
            until it is valid, or you give up), then offers to import it.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the draft to this file (not over an existing one) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Open the draft in $VISUAL or $EDITOR, check it when the editor closes, then offer to import it.")
    var edit = false

    @Argument(help: ArgumentHelp("A file with the output (default: standard input).", valueName: "file"))
    var file: String?

    func run() throws {
        if let output, FileSystem.exists(output) {
            throw CommandFailure("\(output) exists; not overwritten (remove it or name another file)", code: 2)
        }
        let editor = ["VISUAL", "EDITOR"].compactMap(Self.environment).first { !$0.isEmpty }
        if edit && editor == nil { throw CommandFailure("--edit needs $VISUAL or $EDITOR", code: 2) }
        let db = try global.open()
        var collector = ErrorLineCollector()
        try MatchCommand.read(file.map { [$0] } ?? [], into: &collector)
        let store = RecordStore(db)
        let matched = try reportingErrors { try Matcher(db: db).match(collector, limit: 3) }
        let known = matched.hits.filter(\.confident)
        if !known.isEmpty {
            Terminal.error("already known: check these before filing a new record")
            for hit in known { Terminal.error("  \(hit.id)  (confidence \(RecordMarkdown.percent(hit.confidence)))  \(hit.signature.singleLine)") }
        } else {
            Terminal.error("no record matches this output yet" + (matched.hits.first.map { " (nearest, not a match: \($0.id))" } ?? ""))
        }
        // The best record's domain only when it is a confident match: the
        // best of poor matches is no evidence of the product.
        let nearest = known.first?.domain
        let knowledge = try reportingErrors { try RecordDraft.Knowledge.of(db, nearestDomain: nearest) }
        guard let draft = try reportingErrors({ try RecordDraft.draft(collector, knowledge: knowledge, taken: { try store.rid(of: $0) != nil }) }) else {
            throw CommandFailure("nothing to draft from: the input has no lines", code: 2)
        }
        let text = JSONWriter.pretty(draft.seedJSON(today: String(Outcome.now().prefix(10)))) + "\n"
        if edit, let editor { return try editAndImport(text, editor: editor, id: draft.id) }
        if let output {
            try reportingErrors { try FileSystem.replace(output, with: Array(text.utf8)) }
            Terminal.error("drafted \(draft.id) in \(output): fill in root_cause, dead_ends and workarounds, then errata import \(output)")
        } else {
            try Terminal.write(text)
        }
    }

    /// `git commit`'s loop: the editor, then the checks; on a mistake, the
    /// editor again (or stop, keeping the file); then the offer to import.
    private func editAndImport(_ text: String, editor: String, id: String) throws {
        let tty = open("/dev/tty", O_RDWR)
        guard tty >= 0 else { throw CommandFailure("--edit needs a terminal", code: 2) }
        defer { close(tty) }
        let path = output ?? (Self.environment("TMPDIR") ?? "/tmp") + "/errata-new-\(getpid()).json"
        try reportingErrors { try FileSystem.replace(path, with: Array(text.utf8)) }
        while true {
            let status = system("\(editor) \(Self.shellQuoted(path)) </dev/tty >/dev/tty")
            if status != 0 { throw CommandFailure("\(editor) exited with status \(status); the draft is in \(path)", code: 2) }
            let report = try reportingErrors { try Validator.validate([path]) }
            guard let problem = report.failures.first else { break }
            let again = Self.ask(tty, "errata: \(problem.description)\nedit again? [Y/n] ")
            if again.hasPrefix("n") {
                throw CommandFailure("the draft is in \(path) (errata validate \(path))", code: 1)
            }
        }
        // The id the file says now: the editor may have changed the drafted one.
        let edited = (try? FileSystem.readAll(path)).flatMap { try? JSONParser.parse(String(decoding: $0, as: UTF8.self)) }
        let answer = Self.ask(tty, "import \(edited?["id"]?.stringValue ?? id) into \(global.location.path)? [y/N] ")
        guard answer.hasPrefix("y") else {
            Terminal.error("the draft is in \(path) (errata import \(path))")
            return
        }
        let db = try global.open(.write, creating: true)
        defer { ErrataDatabase.finishWriting(db) }
        let summary = try reportingErrors { try Importer(store: RecordStore(db)).importPaths([path], options: ImportOptions()) }
        try Terminal.write("imported \(path): \(summary.inserted) inserted, \(summary.updated) updated\n")
    }

    /// Asks on the terminal; the answer lower-cased, "" at end of input.
    static func ask(_ tty: Int32, _ question: String) -> String {
        let bytes = Array(question.utf8)
        _ = bytes.withUnsafeBytes { write(tty, $0.baseAddress, $0.count) }
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { answer.append(byte) }
        return String(decoding: answer, as: UTF8.self).lowercased().trimmingTrailingSpaces
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func shellQuoted(_ s: String) -> String {
        "'" + s.replacing("'", with: "'\\''") + "'"
    }
}
