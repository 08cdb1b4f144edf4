import CSQLite

/// An SQLite result code: the extended code as SQLite gave it (SQLITE_BUSY_SNAPSHOT,
/// SQLITE_IOERR_SHORT_READ, ...) and the primary code it belongs to.
public struct SQLiteResultCode: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let extended: Int32

    public init(_ code: Int32) {
        extended = code
    }

    public var primary: Int32 { extended & 0xFF }

    /// Whether this code is `kind` or one of its extended codes.
    public func isKind(of kind: SQLiteResultCode) -> Bool { primary == kind.primary }

    public var description: String { String(cString: sqlite3_errstr(extended)) + " (\(extended))" }

    public static let error = SQLiteResultCode(SQLITE_ERROR)
    public static let busy = SQLiteResultCode(SQLITE_BUSY)
    public static let locked = SQLiteResultCode(SQLITE_LOCKED)
    public static let readOnly = SQLiteResultCode(SQLITE_READONLY)
    public static let ioError = SQLiteResultCode(SQLITE_IOERR)
    public static let corrupt = SQLiteResultCode(SQLITE_CORRUPT)
    public static let cantOpen = SQLiteResultCode(SQLITE_CANTOPEN)
    public static let constraint = SQLiteResultCode(SQLITE_CONSTRAINT)
    public static let range = SQLiteResultCode(SQLITE_RANGE)
    public static let notADatabase = SQLiteResultCode(SQLITE_NOTADB)
    public static let interrupt = SQLiteResultCode(SQLITE_INTERRUPT)
}

/// An SQLite result code other than OK/ROW/DONE, with the library's message
/// and the statement that caused it (and, in debug builds, its arguments).
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: SQLiteResultCode
    public let message: String
    public let sql: String?
    /// The values bound when it failed; kept in debug builds only (they may be user data).
    public var arguments: [SQLValue]?

    public init(code: SQLiteResultCode, message: String, sql: String?, arguments: [SQLValue]? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        #if DEBUG
        self.arguments = arguments
        #endif
    }

    public init(code: Int32, message: String, sql: String?, arguments: [SQLValue]? = nil) {
        self.init(code: SQLiteResultCode(code), message: message, sql: sql, arguments: arguments)
    }

    public var description: String {
        var out = "SQLite error \(code): \(message)"
        if let sql { out += " (in: \(sql))" }
        if let arguments { out += " (arguments: \(arguments))" }
        return out
    }

    /// Another connection holds the lock the statement needs.
    public var isBusy: Bool { code.isKind(of: .busy) }
    /// A lock inside this process (a table of a shared cache, a statement still reading).
    public var isLocked: Bool { code.isKind(of: .locked) }
    /// Either of the two: nothing is wrong but the timing; try again.
    public var isContention: Bool { isBusy || isLocked }
    public var isConstraint: Bool { code.isKind(of: .constraint) }
    /// Stopped by `Database.interrupt()` (a request over its time limit).
    public var isInterrupt: Bool { code.isKind(of: .interrupt) }
    /// The file is damaged, or not a database at all.
    public var isMalformed: Bool { code.isKind(of: .corrupt) || code.isKind(of: .notADatabase) }
    /// A read-only connection could not set up shared reading (a WAL file
    /// whose -shm cannot be created or opened).
    public var cannotOpenReadOnly: Bool {
        code.isKind(of: .cantOpen) || code.isKind(of: .readOnly) || code.isKind(of: .ioError)
    }
}

/// A value as SQLite stores it.
public enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }
}
