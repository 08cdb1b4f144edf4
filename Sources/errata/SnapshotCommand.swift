import ArgumentParser
import ErrataKit

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write a consistent, compacted copy of the database, while others read and write it.",
        discussion: """
            The copy (SQLite's VACUUM INTO) is one file in rollback-journal mode, written beside PATH and \
            renamed into place when whole: what `errata serve --read-only --db PATH` serves on other machines.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file to write (a new file, unless --force).", valueName: "path"))
    var path: String

    @Flag(help: "Replace PATH when it exists (the new copy is renamed over it whole).")
    var force = false

    func run() throws {
        let db = try global.open()
        let made = try reportingErrors { try Snapshot.write(from: db, to: path, replacing: force) }
        try Terminal.write("wrote \(made.path): \(Count.grouped(made.records)) records, \(Count.grouped(Int(made.bytes))) bytes\n")
    }
}
