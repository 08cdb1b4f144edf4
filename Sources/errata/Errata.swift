import ArgumentParser
import ErrataKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct Errata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errata",
        abstract: "A knowledge base of software errors: what they mean, what not to try, what works.",
        discussion: """
            The database is --db PATH, else $ERRATA_DB, else ${XDG_DATA_HOME:-~/.local/share}/errata/errata.db \
            (created with the built-in seeds on first use).
            Exit codes: 0 found / done, 1 nothing found, 2 bad usage or bad input.
            The program's version: errata --version.
            """,
        subcommands: [
            SearchCommand.self, MatchCommand.self, ShowCommand.self, ChainCommand.self,
            ImportCommand.self, ExportCommand.self, DeleteCommand.self,
            ReportCommand.self, OutcomesCommand.self, ValidateCommand.self, FormatCommand.self, StatsCommand.self, CheckCommand.self,
            NewCommand.self, SchemaCommand.self, SnapshotCommand.self, McpCommand.self, ServeCommand.self,
        ]
    )

    static var version: String { ErrataVersion.current }

    /// `errata --version`, answered before parsing: ArgumentParser's own
    /// version flag would be offered in every command's help, where
    /// `--version SPEC` is the old spelling of --affects, and a root flag
    /// would be taken from after a command's name too.
    static func printsVersion(_ arguments: [String]) throws -> Bool {
        guard arguments == ["--version"] else { return false }
        try Terminal.write(version + "\n")
        return true
    }

    /// The hot commands parsed as their own root: ArgumentParser then
    /// reflects over one command instead of the whole tree. Help,
    /// completion scripts and every error go through the full parse (nil),
    /// so that what users read names `errata` and its commands as always.
    /// (`ERRATA_FULL_PARSE` set: always the full parse, for tests that
    /// compare the two.)
    static func parseQuickly(_ arguments: [String]) -> ParsableCommand? {
        guard let name = arguments.first else { return nil }
        let hot: [String: ParsableCommand.Type] = ["match": MatchCommand.self, "show": ShowCommand.self]
        guard let type = hot[name] else { return nil }
        let rest = Array(arguments.dropFirst())
        let options = rest.prefix { $0 != "--" }
        if options.contains(where: { $0 == "-h" || $0 == "--help" || $0 == "help" || $0.hasPrefix("--generate-completion") || $0.hasPrefix("--experimental") }) {
            return nil
        }
        return try? type.parseAsRoot(rest)
    }

    /// `errata serch ...`: ArgumentParser would say "2 unexpected
    /// arguments"; name the command that looks like it instead.
    static func refuseUnknownCommand(_ arguments: [String]) throws {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        guard !names.contains(first) else { return }
        throw CommandFailure("unknown command \"\(first)\"" + NearestNames.suggestion(NearestNames.alike(first, among: names, limit: 3))
                             + " (errata --help lists the commands)", code: 2)
    }

    /// Parses and runs with DESIGN's exit codes (ArgumentParser's own usage
    /// errors would exit 64), and with `--db` accepted before the command.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        do {
            let raw = Array(CommandLine.arguments.dropFirst())
            // A shell asking for completions speaks ArgumentParser's own protocol.
            let arguments = raw.first == "---completion" ? raw : try ArgumentRewriter.rewrite(raw)
            if try printsVersion(arguments) {
                try Terminal.flush()
                Platform.exit(0)
            }
            if getenv("ERRATA_FULL_PARSE") == nil, let request = QuickSearchParser.parse(arguments) {
                try request.run()
            } else {
                try refuseUnknownCommand(arguments)
                var command = try (getenv("ERRATA_FULL_PARSE") == nil ? parseQuickly(arguments) : nil) ?? parseAsRoot(arguments)
                try command.run()
            }
            try Terminal.flush()
            Platform.exit(0)
        } catch is Terminal.BrokenPipe {
            // The reader of our output went away (`| head`): done, quietly, as ripgrep does.
            Platform.exit(0)
        } catch let code as ExitCode {
            try? Terminal.flush()
            Platform.exit(code.rawValue)
        } catch let failure as CommandFailure {
            try? Terminal.flush()
            Terminal.error(failure.message)
            Platform.exit(failure.code)
        } catch {
            try? Terminal.flush()
            let code = exitCode(for: error)
            if code == .success {
                try? Terminal.write(fullMessage(for: error) + "\n")
                try? Terminal.flush()
                Platform.exit(0)
            }
            let message = fullMessage(for: error)
            // Usage errors: ArgumentParser's message as is (it names the option).
            if message.contains("\n") {
                StandardError.write(message + "\n")
            } else {
                Terminal.error(message)
            }
            Platform.exit(2)
        }
    }
}
