import ArgumentParser
import ErrataKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database: SQLite integrity, foreign keys, the search index, schema version, links.",
        discussion: """
            Exit 0 when every check passes, 1 when one fails, 2 when the file cannot be opened. \
            Links to ids not in the database are allowed (a record may name one not imported yet): \
            they are a note, and a failure only with --strict.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Rebuild the search index from the tables when it is what is wrong, then check again.")
    var repair = false

    @Flag(help: "Fail on links to ids that are not in the database.")
    var strict = false

    @Flag(help: "Print the findings as JSON.")
    var json = false

    func run() throws {
        let path = global.location.path
        guard FileSystem.exists(path) else {
            throw CommandFailure("\(path): no such database", code: 2)
        }
        // Looked at as it is: no migration, no change of journal mode.
        let db: Database
        do {
            db = try Database(path: path, mode: .readWrite, switchToWAL: false, settings: .errata)
        } catch let error as SQLiteError {
            throw CommandFailure("\(path): cannot open database: \(error.message)", code: 2)
        }
        var check = IntegrityCheck(db, strict: strict)
        if repair && !check.passed {
            try print(check)
            guard check.repairable else {
                throw CommandFailure("--repair rebuilds the search index only, and the tables themselves are damaged: restore a backup, or export what can still be read", code: 1)
            }
            let rows = try reportingErrors { try db.inTransaction { try SearchIndex.rebuild(db) } }
            Terminal.error("rebuilt the search index from \(Count.of(rows, "record"))")
            check = IntegrityCheck(db, strict: strict)
        }
        try print(check)
        if !check.passed { throw ExitCode(1) }
    }

    private func print(_ check: IntegrityCheck) throws {
        if json {
            let findings = check.findings.map { finding in
                JSONValue.object(JSONObject([
                    .init("check", .string(finding.name)),
                    .init("outcome", .string(finding.outcome.rawValue)),
                    .init("details", .array(finding.details.map(JSONValue.string))),
                ]))
            }
            try Terminal.write(JSONWriter.pretty(.object(JSONObject([
                .init("passed", .bool(check.passed)),
                .init("checks", .array(findings)),
            ]))) + "\n")
            return
        }
        var out = ""
        for finding in check.findings {
            let label: String
            switch finding.outcome {
            case .passed: label = Terminal.green("ok  ")
            case .failed: label = Terminal.red("FAIL")
            case .note: label = Terminal.yellow("note")
            }
            out += label + "  " + finding.name + (finding.details.first.map { ": " + $0.singleLine } ?? "") + "\n"
            for detail in finding.details.dropFirst() { out += "        " + detail.singleLine + "\n" }
        }
        let failed = check.findings.filter { $0.outcome == .failed }.count
        if failed > 0 {
            out += "\(failed) of \(check.findings.count) checks failed"
            out += check.repairable ? "; `errata check --repair` rebuilds the search index\n" : "\n"
        }
        try Terminal.write(out)
    }
}
