import ArgumentParser
import ErrataKit

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Remove records by id (all of them or, when one is missing, none).",
        discussion: "Links from other records to a deleted one stay (a link may name a record not imported yet); they are listed."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("dry-run"), help: "Say what would be deleted, and change nothing.")
    var dryRun = false

    @Argument(help: ArgumentHelp("Record ids, e.g. nginx/ssl-certificate-verify-failed.", valueName: "id"), completion: Completions.recordIDs)
    var ids: [String] = []

    func validate() throws {
        if ids.isEmpty { throw ValidationError("nothing to delete: give one or more record ids") }
    }

    func run() throws {
        let db = try global.open(.write)
        defer { ErrataDatabase.finishWriting(db) }
        let deletion: RecordDeletion
        do {
            deletion = try reportingErrors { try RecordDeletion(ids: ids, in: RecordStore(db), dryRun: dryRun) }
        } catch let missing as RecordDeletion.Missing {
            throw CommandFailure(missing.description, code: 1)
        }
        for id in deletion.deleted {
            try Terminal.write((dryRun ? "would delete " : "deleted ") + id + "\n")
        }
        if !deletion.danglingLinks.isEmpty {
            let n = deletion.danglingLinks.count
            Terminal.error("note: \(n) \(n == 1 ? "link" : "links") of other records \(dryRun ? "would" : "now") name a deleted record:")
            for link in deletion.danglingLinks { StandardError.write("  \(link)\n") }
        }
    }
}
