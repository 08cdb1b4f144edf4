import ArgumentParser
import ErrataKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import seed or canon records (upsert by id).",
        usage: "errata import [<options>] <path> ...",
        discussion: """
            PATH may be a file (one record, an array, or NDJSON), a directory (searched recursively for \
            *.json, *.ndjson, *.jsonl; hidden names, FIFOs and devices skipped, symbolic links followed only with \
            --follow) or - for standard input. All of it is one transaction: a bad record \
            leaves the database as it was, unless --keep-going.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("dry-run"), help: "Validate and count, but change nothing.")
    var dryRun = false

    @Flag(name: .customLong("keep-going"), help: "Import the good files (one transaction each) and report the bad ones.")
    var keepGoing = false

    @Flag(help: "Follow symbolic links inside directories (loops are detected and skipped).")
    var follow = false

    @Flag(help: "Print the summary as JSON on standard output (files, records, counts, each error with file, line, column, path, message).")
    var json = false

    @Option(help: ArgumentHelp("Wait at most this many seconds for another errata that is writing the database.", valueName: "seconds"))
    var wait = 60.0

    @Argument(help: ArgumentHelp("Files, directories, or - for standard input.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("nothing to import: give one or more files, directories, or -") }
        if !(wait >= 0) { throw ValidationError("--wait must be a number of seconds, 0 or more") }
    }

    func run() throws {
        let location = global.location
        let isNew = !location.isDefault && !FileSystem.exists(location.path)
        Interruption.catchSignals()
        let summary: ImportSummary
        do {
            summary = try importAll()
        } catch let interrupted as ImportInterrupted {
            if isNew && interrupted.kept.inserted == 0 { GlobalOptions.removeDatabase(location.path) }
            let kept = interrupted.kept
            Terminal.error(kept.records == 0
                ? "interrupted: nothing imported"
                : "interrupted: kept the \(Count.of(kept.records, "record")) of the \(Count.of(kept.files, "file")) imported before it; the file being read was not imported")
            throw ExitCode(Interruption.exitCode)
        } catch {
            // A failed import leaves no database it created.
            if isNew { GlobalOptions.removeDatabase(location.path) }
            throw error
        }
        if isNew && (dryRun || summary.inserted == 0) { GlobalOptions.removeDatabase(location.path) }
        if summary.failed > 0 { throw ExitCode(2) }
    }

    /// Imports and reports; the database is back in rollback-journal mode
    /// (its WAL removed) and closed when this returns, also after a signal.
    private func importAll() throws -> ImportSummary {
        let busy = BusyPolicy(limit: wait, notice: { limit in
            Terminal.error("\(global.location.path) is locked by another errata writing to it; waiting up to \(Int(limit)) s (--wait)")
        }, giveUp: { Interruption.requested })
        let db: Database
        do {
            db = try global.open(.write, creating: true, busy: busy)
        } catch where Interruption.requested {
            throw ImportInterrupted()
        }
        defer { ErrataDatabase.finishWriting(db) }
        // Only for a person watching: never when either output is piped.
        let progress = ProgressLine(enabled: Terminal.stderrIsTerminal && Terminal.stdoutIsTerminal)
        let options = ImportOptions(dryRun: dryRun, keepGoing: keepGoing, followLinks: follow, progress: { summary in
            progress.update(records: summary.records, files: summary.files)
        }, stopRequested: { Interruption.requested })
        let summary: ImportSummary
        do {
            summary = try Importer(store: RecordStore(db)).importPaths(paths, options: options)
        } catch let failure as ImportFailure {
            progress.finish()
            if Interruption.requested { throw ImportInterrupted() }
            // Refused: every bad file named, one line each; nothing imported.
            for one in failure.all { Terminal.error(one.description) }
            if json { try Terminal.write(JSONWriter.pretty(ImportJSON.summary(ImportSummary(), dryRun: dryRun, failures: failure.all, imported: false)) + "\n") }
            throw ExitCode(2)
        } catch {
            progress.finish()
            // A signal during a lock wait or a statement ends as an interruption too.
            if Interruption.requested { throw error as? ImportInterrupted ?? ImportInterrupted() }
            return try reportingErrors { throw error }
        }
        progress.finish()
        for note in summary.skipped.notes {
            Terminal.error("note: " + note)
        }
        for failure in summary.failures {
            Terminal.error(failure.description)
        }
        if json {
            try Terminal.write(JSONWriter.pretty(ImportJSON.summary(summary, dryRun: dryRun, failures: summary.failures, imported: true)) + "\n")
            return summary
        }
        let verb = dryRun ? "would import" : "imported"
        var line = "\(verb) \(Count.of(summary.records, "record")) from \(Count.of(summary.files, "file")): \(summary.inserted) inserted, \(summary.updated) updated, \(summary.unchanged) unchanged"
        // Files and records apart: a failed file's records are all left out.
        line += summary.failed == 0 ? ", 0 failed" : "; \(Count.of(summary.failed, "file")) failed (none of \(summary.failed == 1 ? "its" : "their") records imported)"
        try Terminal.write(line + summary.skipped.summary + "\n")
        return summary
    }
}

/// A self-overwriting status line on stderr for long imports: only on a
/// terminal, and only once the work has taken more than a moment.
final class ProgressLine {
    private let enabled: Bool
    private let start = MonotonicClock.seconds()
    private var last = 0.0
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(records: Int, files: Int) {
        guard enabled else { return }
        let t = MonotonicClock.seconds()
        guard t - start > 0.75, t - last > 0.2 else { return }
        last = t
        shown = true
        let rate = Int(Double(records) / (t - start))
        StandardError.write("\r\u{1B}[Kimporting: \(Count.of(records, "record")), \(Count.of(files, "file")), \(rate) records/s (\(Int(t - start))s)")
    }

    func finish() {
        if shown { StandardError.write("\r\u{1B}[K") }
    }
}
