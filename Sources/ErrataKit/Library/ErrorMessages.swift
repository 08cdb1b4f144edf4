extension QueryFailure {
    /// The one place where a library error becomes the line a person reads
    /// (the CLI prints it, the MCP server returns it as a tool error), with
    /// exit code 2 unless the error carries one; nil for errors that are
    /// not the library's. `opening`: the database whose opening failed,
    /// which the line then names.
    public static func describing(_ error: Error, opening path: String? = nil) -> QueryFailure? {
        let at = path.map { $0 + ": " } ?? ""
        switch error {
        case let failure as QueryFailure:
            return failure
        case let failure as ImportFailure:
            return QueryFailure((path == nil ? "" : "built-in seeds: ") + failure.description)
        case let error as SQLiteError where error.isContention:
            return QueryFailure(at + "the database is busy (another errata is writing); try again")
        case let error as SQLiteError where path != nil:
            return QueryFailure(at + "cannot open database: \(error.message)")
        case let error as SQLiteError where error.isMalformed:
            return QueryFailure("database error: \(error.message); `errata check` tells more")
        case let error as SQLiteError:
            return QueryFailure("database error: \(error.message)")
        case let error as Schema.VersionError:
            return QueryFailure(error.description)
        case let error as MalformedDatabase:
            return QueryFailure(error.description)
        case let failure as FileSystem.Failure:
            return QueryFailure(path == nil ? failure.description : "cannot create \(failure.path): \(failure.reason)")
        default:
            return nil
        }
    }
}
