import CSQLite

/// A prepared statement: binds, steps and reads columns, turning every
/// failure into an `SQLiteError` that carries the SQL.
public final class Statement {
    let handle: OpaquePointer
    public let sql: String
    private unowned let database: Database

    init(database: Database, sql: String, persistent: Bool) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw SQLiteError(code: sqlite3_extended_errcode(database.handle), message: database.errorMessage, sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds every parameter: as many values as the SQL has parameters,
    /// old bindings cleared first.
    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(code: .range, message: "expected \(expected) arguments, got \(values.count)", sql: sql, arguments: values)
        }
        for (i, value) in values.enumerated() {
            try bind(value, at: Int32(i + 1))
        }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let i): rc = sqlite3_bind_int64(handle, index, i)
        case .real(let d): rc = sqlite3_bind_double(handle, index, d)
        case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, errata_sqlite_transient())
        }
        try database.check(rc, sql: sql)
    }

    /// Advances to the next row; false when done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(code: sqlite3_extended_errcode(database.handle), message: database.errorMessage, sql: sql)
            sqlite3_reset(handle)
            database.dropFromCache(sql)
            throw error
        }
    }

    /// Binds and runs a statement that returns no rows.
    public func run(_ values: [SQLValue] = []) throws {
        try bind(values)
        try step()
        sqlite3_reset(handle)
    }

    /// Runs a statement whose first parameter is `first` and the rest `rest`
    /// (a child row and the rid of its owner, say) without joining them.
    public func run(_ first: SQLValue, then rest: [SQLValue]) throws {
        sqlite3_reset(handle)
        try bind(first, at: 1)
        for (i, value) in rest.enumerated() {
            try bind(value, at: Int32(i + 2))
        }
        try step()
        sqlite3_reset(handle)
    }

    /// Binds, then calls `row` for every result row.
    public func forEach(_ values: [SQLValue] = [], _ row: (Statement) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {
            try row(self)
        }
    }

    /// Binds, then maps every result row.
    public func map<T>(_ values: [SQLValue] = [], _ transform: (Statement) throws -> T) throws -> [T] {
        var out: [T] = []
        try forEach(values) { out.append(try transform($0)) }
        return out
    }

    public func scalarInteger() throws -> Int64? {
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return isNull(0) ? nil : int64(0)
    }

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    public func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    public func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    public func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }

    public func text(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// A blob column's bytes, valid only inside `body` (no copy is made).
    func withBlob<T>(_ i: Int32, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let bytes = Int(sqlite3_column_bytes(handle, i))
        guard let p = sqlite3_column_blob(handle, i), bytes > 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return body(UnsafeRawBufferPointer(start: p, count: bytes))
    }

    public func value(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(int64(i))
        case SQLITE_FLOAT: return .real(double(i))
        case SQLITE_NULL: return .null
        default: return .text(text(i) ?? "")
        }
    }

    public func columnName(_ i: Int32) -> String {
        String(cString: sqlite3_column_name(handle, i))
    }
}
