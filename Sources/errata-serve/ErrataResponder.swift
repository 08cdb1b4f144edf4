import ErrataKit
import Hummingbird
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every request: routed by method and path (record ids hold slashes, so
/// the paths are read here rather than by a router's patterns), answered,
/// failures turned into `{"error": ...}` (or an error page for a page),
/// and one log line on stderr.
struct ErrataResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let api: ErrataAPI
    let pages: ErrataPages
    let logRequests: Bool

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        let page = !path.hasPrefix("/api/") && path != "/healthz"
        var response: Response
        do {
            response = try await route(request, path: path, query: FormValues(request.uri.query.map { Substring($0) }))
        } catch {
            let failure = HTTPFailure.from(error)
            response = page ? pages.errorPage(failure) : Reply.error(failure)
        }
        if request.method == .head { response = response.createHeadResponse() }
        if logRequests { log(request, response, since: started) }
        return response
    }

    private func route(_ request: Request, path: String, query: FormValues) async throws -> Response {
        let method = request.method == .head ? .get : request.method
        func only(_ allowed: HTTPRequest.Method...) throws {
            guard allowed.contains(method) else {
                let names = (allowed.contains(.get) ? allowed + [.head] : allowed).map(\.rawValue).joined(separator: ", ")
                throw HTTPFailure(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; allowed: \(names)", headers: [.allow: names])
            }
        }
        switch path {
        case "/healthz":
            try only(.get)
            return Reply.json(.object(JSONObject([.init("status", .string("ok"))])))
        case "/api/v1/openapi.json":
            try only(.get)
            return Reply.bytes(Array(OpenAPIDocument.text.utf8), type: "application/json")
        case "/api/v1/search":
            try only(.get)
            return try await api.search(query)
        case "/api/v1/match":
            try only(.post)
            return try await api.match(request, query)
        case "/api/v1/domains":
            try only(.get)
            return try await api.domains(query)
        case "/api/v1/stats":
            try only(.get)
            return try await api.stats(query)
        case "/api/v1/export.ndjson":
            try only(.get)
            return try await api.export(query)
        case "/api/v1/records":
            try only(.post)
            return try await api.importRecords(request, query)
        case "/":
            try only(.get)
            return try await pages.home(query)
        case "/search":
            try only(.get)
            return try await pages.search(query)
        case "/match":
            try only(.get, .post)
            return method == .get ? try pages.matchForm(query) : try await pages.match(request, query)
        case "/domains":
            try only(.get)
            return try await pages.domains(query)
        default:
            break
        }
        if let rest = Self.suffix(path, after: "/api/v1/records/") {
            if let id = Self.prefix(rest, before: "/chain") {
                try only(.get)
                return try await api.chain(id, query)
            }
            if let id = Self.prefix(rest, before: "/outcomes") {
                try only(.post)
                return try await api.reportOutcome(id, request, query)
            }
            try only(.get, .delete)
            return method == .get ? try await api.record(rest, query) : try await api.delete(rest, request, query)
        }
        if let id = Self.suffix(path, after: "/records/") {
            try only(.get)
            return try await pages.record(id, query)
        }
        if let domain = Self.suffix(path, after: "/domains/") {
            try only(.get)
            return try await pages.domain(domain, query)
        }
        if let name = Self.suffix(path, after: "/static/"), let asset = Assets.named(name) {
            try only(.get)
            return Reply.bytes(Array(asset.text.utf8), type: asset.type, extra: [.cacheControl: "public, max-age=3600"])
        }
        throw HTTPFailure(.notFound, "no such page: \(path.prefix(200))")
    }

    /// The rest of `path` after `prefix`, percent-decoded; nil when it does not start so or nothing follows.
    static func suffix(_ path: String, after prefix: String) -> String? {
        guard path.hasPrefix(prefix), path.count > prefix.count else { return nil }
        return PathText.decode(path.dropFirst(prefix.count))
    }

    static func prefix(_ text: String, before suffix: String) -> String? {
        guard text.hasSuffix(suffix), text.count > suffix.count else { return nil }
        return String(text.dropLast(suffix.count))
    }

    /// `GET /api/v1/search?q=ssl 200 1432 B 2.1 ms`: one write, so lines of
    /// concurrent requests never interleave.
    private func log(_ request: Request, _ response: Response, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let size = response.body.contentLength.map { "\($0) B" } ?? "streamed"
        // Printable ASCII only: a request target cannot put escape sequences or lines into the log.
        let target = String(request.uri.string.prefix(300)).map { $0.asciiValue.map { (0x20..<0x7F).contains($0) } == true ? $0 : "?" }
        let line = "\(request.method.rawValue) \(String(target)) \(response.status.code) \(size) \(Double(Int(ms * 10)) / 10) ms\n"
        _ = Array(line.utf8).withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}

/// A path's percent escapes decoded (a `+` stays a `+` in a path).
enum PathText {
    static func decode(_ text: Substring) -> String {
        FormValues.decode(text, plusIsSpace: false)
    }

    /// An id as a path: each character outside the unreserved set and `/` escaped.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}
