import ArgumentParser
import ErrataKit

struct McpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the knowledge base to coding agents: a Model Context Protocol server on stdio.",
        discussion: """
            Tools: match_error, search_errors, get_error, get_error_chain, list_domains, batch_match, \
            report_outcome, stats; each record is also the resource errata://record/{id}. The database is \
            opened read-only (report_outcome alone writes). Claude Code: claude mcp add errata -- errata mcp
            The server is the errata-mcp program, installed beside errata.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try Terminal.flush()
        Platform.execSibling("errata-mcp", arguments: global.db.map { ["--db", $0] } ?? [])
        throw CommandFailure("mcp: cannot run errata-mcp: it is neither beside this errata (\(Platform.executableDirectory())) nor on $PATH; "
                             + "install it with errata (README: Install)", code: 2)
    }
}
