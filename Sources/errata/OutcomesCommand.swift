import ArgumentParser
import ErrataKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct OutcomesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Share reported outcomes between machines (NDJSON).",
        subcommands: [OutcomesExportCommand.self, OutcomesImportCommand.self]
    )
}

struct OutcomesExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every reported outcome as NDJSON, one a line."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file instead of standard output (- is standard output).", valueName: "file"))
    var output: String?

    func run() throws {
        let db = try global.open()
        let outcomes = try reportingErrors { try OutcomeStore(db).all() }
        let text = outcomes.map { JSONWriter.compact(OutcomeJSON.encode($0)) + "\n" }.joined()
        if let output, output != "-" {
            try reportingErrors { try FileSystem.replace(output, with: Array(text.utf8)) }
        } else {
            try Terminal.write(text)
        }
    }
}

struct OutcomesImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add outcomes from NDJSON files; one already here (same uuid) is left as it is.",
        discussion: "All or nothing: a bad line is named (file:line: path: what was expected) and nothing is added."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("NDJSON files, or - for standard input.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("nothing to import: give one or more NDJSON files, or -") }
    }

    func run() throws {
        var outcomes: [Outcome] = []
        var failures: [String] = []
        for path in files {
            let name = path == "-" ? "<stdin>" : path
            let reader = try reportingErrors { try LineReader(path: path) }
            while let line = try reportingErrors({ try reader.next { Array($0) } }) {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                do {
                    let value = try line.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer, line: reader.lineNumber) }
                    do {
                        outcomes.append(try OutcomeJSON.decode(value))
                    } catch {
                        failures.append("\(name):\(reader.lineNumber): \(error.path): \(error.message)")
                    }
                } catch {
                    failures.append("\(name):\(error.line):\(error.column): \(error.message)")
                }
            }
        }
        if !failures.isEmpty {
            for failure in failures { Terminal.error(failure) }
            throw ExitCode(2)
        }
        let db = try global.open(.write, creating: true)
        defer { ErrataDatabase.finishWriting(db) }
        let store = OutcomeStore(db)
        let added = try reportingErrors {
            try db.inTransaction { try outcomes.filter { try store.add($0) }.count }
        }
        try Terminal.write("imported \(Count.of(outcomes.count, "outcome")) from \(Count.of(files.count, "file")): \(added) new, \(outcomes.count - added) already here\n")
    }
}
