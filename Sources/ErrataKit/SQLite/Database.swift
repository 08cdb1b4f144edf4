import CSQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to an SQLite file. Owns the handle and a cache of prepared
/// statements; everything it opens it also closes.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    /// Cached statements: a list compared by length first, then text.
    /// (A dictionary keyed by the SQL hashed every statement on every
    /// lookup; one keyed by a Hashable of our own cost every start-up a
    /// scan of the runtime's conformance records.)
    private var cache: [(sql: String, statement: Statement)] = []
    private let busy: BusyWait
    private let stop = StopFlag()

    /// How a connection opens its file.
    public enum OpenMode: Sendable {
        /// Read and write, creating the file when it is missing.
        case create
        /// Read and write an existing file.
        case readWrite
        /// Read only: no write, no journal switch.
        case readOnly
        /// Read only, trusting that nobody changes the file meanwhile: no
        /// locks and no -wal/-shm files (for a database in a directory this
        /// process cannot write).
        case immutable
    }

    /// Opens the database at `path` with foreign keys on and a busy
    /// handler, so that a second writer waits instead of failing with
    /// "database is locked". A writable connection turns on WAL journalling
    /// unless told not to (`errata check` looks at a file as it is).
    public init(path: String, mode: OpenMode = .create, switchToWAL: Bool = true, busy policy: BusyPolicy = BusyPolicy(),
                settings: ConnectionSettings = ConnectionSettings()) throws {
        _ = Self.configured
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        var name = path
        switch mode {
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .immutable:
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
            name = "file:" + Self.uriPath(path) + "?immutable=1"
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil)
        }
        self.handle = db
        self.path = path
        self.mode = mode
        busy = BusyWait(policy)
        sqlite3_busy_handler(db, { context, attempts in
            Unmanaged<BusyWait>.fromOpaque(context!).takeUnretainedValue().shouldRetry(attempts: attempts)
        }, Unmanaged.passUnretained(busy).toOpaque())
        if let setUp = settings.setUp {
            let rc = setUp(db)
            guard rc == SQLITE_OK else {
                let message = String(cString: sqlite3_errstr(rc))
                sqlite3_close_v2(db)
                throw SQLiteError(code: rc, message: "setting up the connection: \(message)", sql: nil)
            }
        }
        if settings.foreignKeys { try execute("PRAGMA foreign_keys = ON") }
        if isWritable {
            let journal = try prepare("PRAGMA journal_mode").map { $0.text(0) ?? "" }.first
            if journal != "wal" && switchToWAL {
                try execute("PRAGMA journal_mode = WAL")
            }
            for pragma in settings.writerPragmas { try execute("PRAGMA " + pragma) }
        } else {
            for pragma in settings.readerPragmas { try execute("PRAGMA " + pragma) }
        }
    }

    public let mode: OpenMode
    public var isWritable: Bool { mode == .create || mode == .readWrite }

    /// A file path as the path of a `file:` URI: the characters a URI
    /// gives a meaning (%, ?, #) escaped.
    static func uriPath(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "?": out += "%3f"
            case "#": out += "%23"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Stops the statement this connection is running (SQLITE_INTERRUPT);
    /// callable from any thread while the connection is open, and a no-op
    /// when nothing runs. After `stopsWhenInterrupted()`, every statement
    /// that runs later is stopped too, until `resume()`: a request made of
    /// many short statements (an import) is stopped as surely as one long
    /// one. A server's time limit per request.
    public func interrupt() {
        stop.set(true)
        sqlite3_interrupt(handle)
    }

    /// Lets statements run again after `interrupt()`.
    public func resume() {
        stop.set(false)
    }

    /// Installs the check `interrupt()` relies on for statements that start
    /// after it: SQLite asks every 1,000 virtual machine steps.
    public func stopsWhenInterrupted() {
        watchesStop = true
        sqlite3_progress_handler(handle, 1000, { context in
            Unmanaged<StopFlag>.fromOpaque(context!).takeUnretainedValue().isSet ? 1 : 0
        }, Unmanaged.passUnretained(stop).toOpaque())
    }

    private var watchesStop = false

    /// Runs `body` with SQLite asking `shouldStop` every `steps` virtual
    /// machine steps (of any statement, those a virtual table runs inside
    /// one too): true stops the statement running (SQLITE_INTERRUPT). For
    /// one long statement whose caller polls for a signal between shorter
    /// ones (an import's index merge).
    public func stopping<T>(when shouldStop: @escaping () -> Bool, every steps: Int32 = 1000, _ body: () throws -> T) throws -> T {
        let check = StopCheck(shouldStop)
        sqlite3_progress_handler(handle, steps, { context in
            Unmanaged<StopCheck>.fromOpaque(context!).takeUnretainedValue().shouldStop() ? 1 : 0
        }, Unmanaged.passUnretained(check).toOpaque())
        defer {
            sqlite3_progress_handler(handle, 0, nil, nil)
            if watchesStop { stopsWhenInterrupted() }
            withExtendedLifetime(check) {}
        }
        return try body()
    }

    /// Changes how this connection waits for another's lock from now on.
    public func waitWhenBusy(_ policy: BusyPolicy) {
        busy.policy = policy
    }

    /// The question `stopping(when:)`'s progress handler asks.
    final class StopCheck {
        let shouldStop: () -> Bool
        init(_ shouldStop: @escaping () -> Bool) { self.shouldStop = shouldStop }
    }

    /// Set by `interrupt()` from any thread, read by the progress handler.
    final class StopFlag: Sendable {
        private let flag = Atomic<Bool>(false)
        var isSet: Bool { flag.load(ordering: .relaxed) }
        func set(_ value: Bool) { flag.store(value, ordering: .relaxed) }
    }

    /// The state of the busy handler: retries with a growing pause until the limit.
    final class BusyWait {
        var policy: BusyPolicy
        private var started = 0.0
        private var noticed = false

        init(_ policy: BusyPolicy) {
            self.policy = policy
        }

        func shouldRetry(attempts: Int32) -> Int32 {
            let now = MonotonicClock.seconds()
            if attempts == 0 { started = now }
            let waited = now - started
            if waited >= policy.limit || policy.giveUp?() == true { return 0 }
            if waited >= 1 && !noticed {
                noticed = true
                policy.notice?(policy.limit)
            }
            usleep(useconds_t(min(Int(attempts) + 1, 50) * 1000))
            return 1
        }
    }

    /// Process-wide settings, made once before the first connection.
    private static let configured: Bool = {
        errata_sqlite_disable_memstatus() == SQLITE_OK
    }()

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func check(_ rc: Int32, sql: String?, arguments: [SQLValue]? = nil) throws {
        if rc != SQLITE_OK {
            // The code given; the connection's extended code only when it says more of the same.
            let extended = sqlite3_extended_errcode(handle)
            throw SQLiteError(code: extended & 0xFF == rc ? extended : rc, message: errorMessage, sql: sql, arguments: arguments)
        }
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// A new statement; it is finalized when the returned object goes away.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql, persistent: false)
    }

    /// A statement kept for the life of the connection: for SQL that runs
    /// once per record, preparing it once matters.
    public func cached(_ sql: String) throws -> Statement {
        let length = sql.utf8.count
        if let entry = cache.first(where: { $0.sql.utf8.count == length && $0.sql == sql }) {
            entry.statement.reset()
            return entry.statement
        }
        // Kept for the connection's life: SQLite is told so (PERSISTENT).
        let statement = try Statement(database: self, sql: sql, persistent: true)
        cache.append((sql, statement))
        return statement
    }

    /// A cached statement that failed is prepared anew next time, not
    /// reused in whatever state the failure left it.
    func dropFromCache(_ sql: String) {
        cache.removeAll { $0.sql == sql }
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// The read lock at the first read, the write lock at the first write.
        case deferred = "DEFERRED"
        /// The write lock at once: two writers queue on the busy handler
        /// instead of deadlocking when both upgrade from reading.
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back
    /// when it throws. Not nestable (`inSavepoint` is).
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        precondition(!isInTransaction, "inTransaction inside a transaction; use inSavepoint")
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private var savepointDepth = 0

    /// Runs `body` in a savepoint, inside a transaction or not (outside
    /// one it starts a deferred transaction): released when it returns,
    /// rolled back to when it throws, and always rolled back with
    /// `rollingBack` (dry runs, checks that write to look).
    public func inSavepoint<T>(rollingBack: Bool = false, _ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "errata_\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            if rollingBack { try execute("ROLLBACK TO \(name)") }
            try execute("RELEASE \(name)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(name); RELEASE \(name)")
            throw error
        }
    }

    /// For code that writes several rows that must go together: it is
    /// the caller's transaction that makes them all-or-nothing.
    public func assertInTransaction(_ what: @autoclosure () -> String) {
        assert(isInTransaction, "\(what()) outside a transaction")
    }

    public func userVersion() throws -> Int {
        Int(try prepare("PRAGMA user_version").scalarInteger() ?? 0)
    }

    /// The first column of the first row of `sql`, as an integer.
    public func scalarInteger(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        let statement = try cached(sql)
        try statement.bind(values)
        return try statement.scalarInteger()
    }
}

/// How a connection waits for another connection's lock before a
/// statement fails with SQLITE_BUSY: up to `limit` seconds, saying so once
/// it has waited a second (a silent wait of a minute looks like a hang),
/// and ending early when `giveUp` says so (a signal).
public struct BusyPolicy {
    public var limit: Double
    /// Called once, with the limit, after a second of waiting.
    public var notice: ((Double) -> Void)?
    public var giveUp: (() -> Bool)?

    public init(limit: Double = 60, notice: ((Double) -> Void)? = nil, giveUp: (() -> Bool)? = nil) {
        self.limit = limit
        self.notice = notice
        self.giveUp = giveUp
    }
}

/// What a connection is set up with when it opens, beyond the file and the
/// mode: the application's own pragmas and functions (errata's are
/// `ConnectionSettings.errata`, in Library/), kept out of this wrapper.
public struct ConnectionSettings: Sendable {
    public var foreignKeys: Bool
    /// Pragmas for a read-only connection, each "name = value".
    public var readerPragmas: [String]
    /// Pragmas for a writable connection, each "name = value".
    public var writerPragmas: [String]
    /// Runs first on the raw handle (registering SQL functions, say); a
    /// result other than SQLITE_OK fails the open.
    public var setUp: (@Sendable (OpaquePointer) -> Int32)?

    public init(foreignKeys: Bool = true, readerPragmas: [String] = [], writerPragmas: [String] = [],
                setUp: (@Sendable (OpaquePointer) -> Int32)? = nil) {
        self.foreignKeys = foreignKeys
        self.readerPragmas = readerPragmas
        self.writerPragmas = writerPragmas
        self.setUp = setUp
    }
}
