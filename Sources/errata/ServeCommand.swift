import ArgumentParser
import ErrataKit

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the knowledge base over HTTP: a JSON API under /api/v1 and web pages at /.",
        discussion: """
            The API's OpenAPI document is /api/v1/openapi.json. Reads use a pool of read-only connections; \
            writes (POST /api/v1/records, DELETE /api/v1/records/ID, POST /api/v1/records/ID/outcomes) need \
            --write-token-file and the header Authorization: Bearer TOKEN. SIGINT or SIGTERM stops it after the \
            requests in flight. The server is the errata-serve program, installed beside errata.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The address to listen on (loopback unless you say otherwise; 0.0.0.0 for every interface).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, said on stderr).")
    var port = 8080

    @Flag(help: "Serve without writing: no write endpoints, and the file is only read (a snapshot, say).")
    var readOnly = false

    @Option(help: ArgumentHelp("A file holding the bearer token that write requests must send.", valueName: "file"))
    var writeTokenFile: String?

    @Option(help: "Threads for database work (and at most as many read connections).")
    var threads = 4

    @Option(help: "Seconds one request's database work may take before it is stopped (503).")
    var timeLimit = 10

    @Option(name: .customLong("cache-mb"), help: "MiB of read answers kept while the database is unchanged (0: none).")
    var cacheMegabytes = 64

    @Flag(help: "No request log lines on stderr.")
    var quiet = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be from 1 to 64") }
        guard (1...3600).contains(timeLimit) else { throw ValidationError("--time-limit must be from 1 to 3600 seconds") }
        guard (0...65536).contains(cacheMegabytes) else { throw ValidationError("--cache-mb must be from 0 to 65536") }
        if readOnly && writeTokenFile != nil {
            throw ValidationError("--read-only and --write-token-file disagree: a read-only server takes no writes")
        }
    }

    func run() throws {
        var arguments = ["--host", host, "--port", String(port), "--threads", String(threads), "--time-limit", String(timeLimit), "--cache-mb", String(cacheMegabytes)]
        if let db = global.db { arguments += ["--db", db] }
        if readOnly { arguments.append("--read-only") }
        if let writeTokenFile { arguments += ["--write-token-file", writeTokenFile] }
        if quiet { arguments.append("--quiet") }
        try Terminal.flush()
        Platform.execSibling("errata-serve", arguments: arguments)
        throw CommandFailure("serve: cannot run errata-serve: it is neither beside this errata (\(Platform.executableDirectory())) nor on $PATH; "
                             + "install it with errata (README: Install)", code: 2)
    }
}
