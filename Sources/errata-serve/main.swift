// errata-serve: the HTTP server that `errata serve` hands over to (the
// JSON API under /api/v1 and the web pages). Its own executable so that
// SwiftNIO and Hummingbird stay out of every other command's start-up.
import ErrataKit
import Hummingbird
import Logging
import Synchronization
import UnixSignals
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func say(_ message: String) {
    let line = Array("errata serve: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

extension String {
    /// "Address already in use) (errno: 98)" as NIO words it, with its stray parenthesis gone.
    func replacingParenthesis() -> String {
        guard let close = firstIndex(of: ")"), !self[..<close].contains("(") else { return self }
        return String(self[..<close]) + String(self[index(after: close)...])
    }
}

func fail(_ message: String) -> Never {
    say(message)
    exit(2)
}

let options: ServeOptions
do {
    options = try ServeOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch let failure as QueryFailure {
    fail(failure.message)
}
if options.help {
    print(ServeOptions.usage)
    exit(0)
}

let location = DatabaseLocation.resolve(explicit: options.db, environment: DatabaseLocation.processEnvironment())
if !location.isDefault && !FileSystem.exists(location.path) {
    fail("\(location.path): no such database (import creates one)")
}
let token: String? = options.writeTokenFile.map { file in
    guard let bytes = try? FileSystem.readAll(file) else { fail("\(file): cannot read the write token file") }
    let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace
    guard text.utf8.count >= 16, !text.contains(where: { $0.isWhitespace }) else {
        fail("\(file): the write token must be one word of at least 16 characters (e.g. openssl rand -hex 32 > \(file))")
    }
    return text
}
if options.readOnly && token != nil {
    fail("--read-only and --write-token-file disagree: a read-only server takes no writes")
}

let kb: KnowledgeBase
do {
    kb = try KnowledgeBase(location: location, readOnly: options.readOnly, threads: options.threads, timeLimit: .seconds(options.timeLimit),
                       cacheBudget: options.cacheMegabytes << 20, note: say)
} catch {
    fail(QueryFailure.describing(error, opening: location.path)?.message ?? "\(location.path): cannot open database")
}

let names = ProductNames.load()
let responder = ErrataResponder(api: ErrataAPI(kb: kb, writeToken: token, names: names), pages: ErrataPages(kb: kb, names: names),
                                logRequests: !options.quiet)
let host = options.host
/// Set once the server listens: a failure before it is a failure to listen.
let listening = Atomic<Bool>(false)
let app = Application(
    responder: responder,
    server: .http1(configuration: .init(idleTimeout: .seconds(60))),
    configuration: .init(address: .hostname(host, port: options.port), serverName: "errata"),
    onServerRunning: { channel in
        listening.store(true, ordering: .sequentiallyConsistent)
        let port = channel.localAddress?.port ?? options.port
        let shown = host.contains(":") ? "[\(host)]" : host
        say("listening on http://\(shown):\(port)/ (database \(location.path)\(options.readOnly ? ", read-only" : "")"
            + (token == nil ? "" : ", writes with the bearer token") + "); Ctrl-C stops")
        if host != "127.0.0.1" && host != "localhost" && host != "::1" {
            say("note: reachable from other machines (--host \(host))")
        }
    },
    logger: {
        var logger = Logger(label: "errata-serve")
        logger.logLevel = .warning
        return logger
    }()
)
do {
    // SIGINT and SIGTERM: stop accepting, let requests in flight finish.
    try await app.runService(gracefulShutdownSignals: [UnixSignal.sigterm, UnixSignal.sigint])
} catch {
    await kb.close()
    if !listening.load(ordering: .sequentiallyConsistent) {
        // NIO's words, without its call: "Address already in use (errno: 98)".
        let text = "\(error)"
        let reason = text.firstRange(of: "): ").map { String(text[$0.upperBound...]) } ?? text
        fail("cannot listen on \(host):\(options.port): \(reason.replacingParenthesis())")
    }
    fail("stopped: \(error)")
}
await kb.close()
say("stopped")
