import ArgumentParser
import ErrataKit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check files against the seed and canon formats, without a database."
    )

    @Flag(help: "Follow symbolic links inside directories (loops are detected and skipped).")
    var follow = false

    @Flag(help: "Print the summary as JSON on standard output (files, records, each error with file, line, column, path, message).")
    var json = false

    @Argument(help: ArgumentHelp("Files, directories, or - for standard input.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("nothing to validate: give one or more files, directories, or -") }
    }

    func run() throws {
        let report = try reportingErrors { try Validator.validate(paths, followLinks: follow) }
        for note in report.skipped.notes {
            Terminal.error("note: " + note)
        }
        for failure in report.failures {
            Terminal.error(failure.description)
        }
        let bad = report.failures.count
        if json {
            try Terminal.write(JSONWriter.pretty(ImportJSON.validation(report)) + "\n")
            if bad > 0 { throw ExitCode(2) }
            return
        }
        try Terminal.write("\(Count.of(report.records, "valid record")) in \(Count.of(report.files - bad, "file"))" + report.skipped.summary
                           + (bad > 0 ? "; \(Count.of(bad, "file")) with errors\n" : "\n"))
        if bad > 0 { throw ExitCode(2) }
    }
}
