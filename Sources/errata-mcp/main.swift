// errata-mcp: the Model Context Protocol server that `errata mcp` hands
// over to (stdio, newline-delimited JSON-RPC). Its own executable so that
// the SDK and Foundation stay out of every other command's start-up.
import ErrataKit
import MCP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
    usage: errata mcp [--db PATH]

    A Model Context Protocol server on standard input and output, for coding agents.
    Tools: \(ToolCatalog.names.joined(separator: ", ")).
    Resources: errata://record/{id} (a record's seed JSON).
    The database is --db PATH, else $ERRATA_DB, else the default one (created with the built-in
    seeds on first use); it is opened read-only, but for report_outcome.
      Claude Code:  claude mcp add errata -- errata mcp
    """

func fail(_ message: String) -> Never {
    let line = Array("errata mcp: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

var explicitDB: String?
var rest = CommandLine.arguments.dropFirst()[...]
while let argument = rest.popFirst() {
    switch argument {
    case "-h", "--help", "help":
        print(usage)
        exit(0)
    case "--db":
        guard let path = rest.popFirst() else { fail("--db needs a path") }
        explicitDB = path
    case _ where argument.hasPrefix("--db="):
        explicitDB = String(argument.dropFirst(5))
    default:
        fail("unexpected argument '\(argument)' (errata mcp --help)")
    }
}

let location = DatabaseLocation.resolve(explicit: explicitDB, environment: DatabaseLocation.processEnvironment())
if !location.isDefault && !FileSystem.exists(location.path) {
    fail("\(location.path): no such database (import creates one)")
}
let service: KnowledgeBaseService
do {
    service = try KnowledgeBaseService(location: location)
} catch {
    fail(QueryFailure.describing(error, opening: location.path)?.message ?? "\(location.path): cannot open database: \(error)")
}

let server = Server(
    name: "errata",
    version: ErrataVersion.current,
    title: "Errata: known software errors",
    instructions: """
        A local knowledge base of software errors. When a command, build or test fails, call match_error \
        with the raw output before trying a fix: it says what causes the error, which fixes look right but \
        fail (do not try them), and which work. search_errors finds records by keywords; get_error gives \
        one in full. After trying a workaround, report_outcome records whether it worked.
        """,
    capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false))
)

await server.withMethodHandler(ListTools.self) { _ in
    ListTools.Result(tools: ToolCatalog.tools)
}
await server.withMethodHandler(CallTool.self) { params in
    try await service.call(params.name, params.arguments)
}
await server.withMethodHandler(ListResourceTemplates.self) { _ in
    ListResourceTemplates.Result(templates: [
        Resource.Template(uriTemplate: RecordResources.template, name: "record", title: "An error record",
                          description: "One record of the knowledge base as seed JSON, by its id (e.g. errata://record/nginx/ssl-certificate-verify-failed).",
                          mimeType: "application/json"),
    ])
}
await server.withMethodHandler(ListResources.self) { params in
    try await service.listResources(after: params.cursor)
}
await server.withMethodHandler(ReadResource.self) { params in
    try await service.readResource(params.uri)
}

do {
    try await server.start(transport: LineTransport())
    await server.waitUntilCompleted()
} catch {
    fail("\(error)")
}
