import ErrataKit
import Hummingbird
import NIOCore

/// Responses with the headers every answer carries: its type, nosniff, and
/// for pages a Content-Security-Policy that allows nothing but this
/// server's own stylesheet and script (records are untrusted text).
enum Reply {
    static let pagePolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static func headers(type: String) -> HTTPFields {
        var fields: HTTPFields = [.contentType: type, .init("X-Content-Type-Options")!: "nosniff"]
        if type.hasPrefix("text/html") {
            fields[.contentSecurityPolicy] = pagePolicy
            fields[.init("Referrer-Policy")!] = "no-referrer"
            fields[.init("X-Frame-Options")!] = "DENY"
        } else {
            fields[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        return fields
    }

    static func bytes(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok, extra: HTTPFields = [:]) -> Response {
        var fields = headers(type: type)
        fields.append(contentsOf: extra)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(jsonBytes(value), type: "application/json", status: status)
    }

    static func jsonBytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.write(value, into: &out, indent: 0, pretty: false)
        out.append(0x0A)
        return out
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(page.utf8), type: "text/html; charset=utf-8", status: status)
    }

    static func error(_ failure: HTTPFailure) -> Response {
        var response = json(.object(JSONObject([.init("error", .string(failure.message))])), status: failure.status)
        response.headers.append(contentsOf: failure.headers)
        return response
    }

    /// The request body as text, refused when larger than `limit` (413,
    /// before reading it when Content-Length says so already). A body that
    /// starts with a UTF-16 byte order mark (a file PowerShell wrote, sent
    /// as it is) is read as UTF-16, as `errata match` reads that file.
    static func bodyText(_ request: Request, limit: Int) async throws -> String {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return String(pastedBytes: Array(buffer.readableBytesView))
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge(limit)
        }
    }

    static func tooLarge(_ limit: Int) -> HTTPFailure {
        HTTPFailure(.contentTooLarge, "the request body is larger than \(limit >> 20) MiB", headers: [.connection: "close"])
    }
}
