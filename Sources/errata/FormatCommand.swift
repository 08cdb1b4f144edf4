import ArgumentParser
import ErrataKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite seed and canon files in canonical text (what export would give).",
        discussion: """
            Each file is checked as import checks it; a file with an error is named and left as it is, and nothing \
            is rewritten. Canonical: 2-space indent, keys in their order, non-ASCII unescaped; NDJSON stays one \
            compact record a line. With --check nothing is written: the files that are not canonical are listed \
            and the exit code is 1 (for a pre-commit hook).
            """
    )

    @Flag(help: "Change nothing; list the files that are not canonical and exit 1 when there are any.")
    var check = false

    @Flag(help: "Follow symbolic links inside directories.")
    var follow = false

    @Argument(help: ArgumentHelp("Files or directories (*.json, *.ndjson, *.jsonl).", valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        if paths.isEmpty { throw ValidationError("nothing to format: give one or more files or directories") }
        if paths.contains("-") { throw ValidationError("fmt rewrites files in place: standard input (-) has no file to rewrite") }
    }

    func run() throws {
        let inputs = try reportingErrors { try InputSource.expand(paths, followLinks: follow) }
        for note in inputs.skipped.notes { Terminal.error("note: " + note) }
        // Everything is read and checked before anything is written.
        var changed: [(path: String, text: [UInt8])] = []
        var canonical = 0
        var failed = false
        for case .path(let path) in inputs.sources {
            do {
                let bytes = try FileSystem.readAll(path)
                let text = try CanonicalText.format(bytes, name: path, lineDelimited: path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl"))
                if text == bytes { canonical += 1 } else { changed.append((path, text)) }
            } catch let failure as ImportFailure {
                Terminal.error(failure.description)
                failed = true
            } catch let failure as FileSystem.Failure {
                Terminal.error(failure.description)
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
        if check {
            for file in changed { try Terminal.write(file.path + ": not canonical\n") }
            try Terminal.write("\(changed.count) of \(Count.of(changed.count + canonical, "file")) not canonical\n")
            if !changed.isEmpty { throw ExitCode(1) }
            return
        }
        for file in changed {
            try reportingErrors { try FileSystem.replace(file.path, with: file.text) }
        }
        try Terminal.write("formatted \(Count.of(changed.count, "file")), \(canonical) already canonical\n")
    }
}
