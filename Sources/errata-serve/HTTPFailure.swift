import ErrataKit
import Hummingbird

/// A request that cannot be answered as asked: the status, and the one
/// line the client reads as `{"error": "..."}` (or on an error page).
struct HTTPFailure: Error {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// Any error as a failure: the library's own messages (the CLI's
    /// lines) with the status that fits, and a plain 500 for the rest:
    /// never a stack trace or a Swift type name.
    static func from(_ error: Error) -> HTTPFailure {
        switch error {
        case let failure as HTTPFailure:
            return failure
        case let error as HTTPResponseError where error.status == .contentTooLarge:
            return HTTPFailure(.contentTooLarge, "the request body is too large")
        case let error as SQLiteError where error.isContention:
            return HTTPFailure(.serviceUnavailable, "the database is busy (another errata is writing); try again", headers: [.retryAfter: "1"])
        default:
            guard let failure = QueryFailure.describing(error) else {
                return HTTPFailure(.internalServerError, "internal error")
            }
            if error is SQLiteError || error is MalformedDatabase || error is Schema.VersionError {
                return HTTPFailure(.internalServerError, failure.message)
            }
            return HTTPFailure(failure.code == 1 ? .notFound : .badRequest, failure.message)
        }
    }
}
