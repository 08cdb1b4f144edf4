#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The schema and seeds the binary carries (embedded from schema.sql and
/// seeds/ at build time), and opening a database ready for use.
public enum Schema {
    public static var sql: String { EmbeddedResources.schemaSQL }
    /// The `PRAGMA user_version` that schema.sql sets.
    public static let version = 9

    /// The built-in seed files as (path relative to the package, text).
    public static var builtinSeeds: [(path: String, text: String)] { EmbeddedResources.seeds }

    public struct VersionError: Error, CustomStringConvertible {
        public var found: Int
        public var path: String
        public var description: String {
            found > Schema.version
                ? "\(path): database schema version \(found) is newer than this errata understands (\(Schema.version)); upgrade errata"
                : "\(path): database schema version \(found) is older than this errata's (\(Schema.version)) and cannot be upgraded here (the file or its directory is read-only)"
        }
    }

    /// Creates the tables in an empty database; checks the version of an
    /// existing one. Migrations from older versions go here.
    public static func migrate(_ db: Database) throws {
        let current = try db.userVersion()
        if current == version { return }
        if current > version { throw VersionError(found: current, path: db.path) }
        try db.inTransaction {
            // Re-check under the write lock: another process may have just created it.
            var found = try db.userVersion()
            if found == 0 {
                try db.execute(sql)
                return
            }
            if found == 1 {
                // Version 2 added signatures_fts; fill it from the tables.
                try db.execute("""
                    CREATE VIRTUAL TABLE signatures_fts USING fts5 (signature, aliases, tokenize = 'porter unicode61 remove_diacritics 2');
                    INSERT INTO signatures_fts (rowid, signature, aliases)
                        SELECT r.rid, r.signature, coalesce((SELECT group_concat(alias, char(10)) FROM (SELECT alias FROM aliases a WHERE a.record_rid = r.rid ORDER BY ordinal)), '')
                        FROM records r;
                    """)
                found = 2
            }
            if found == 2 {
                // Version 3 gave both indexes a larger in-memory segment (schema.sql says why).
                try db.execute("""
                    INSERT INTO records_fts (records_fts, rank) VALUES ('hashsize', 16777216);
                    INSERT INTO signatures_fts (signatures_fts, rank) VALUES ('hashsize', 16777216);
                    """)
                found = 3
            }
            if found == 3 {
                // Version 4 added the slug, regex and parts columns to
                // records_fts; an FTS5 table cannot gain columns, so it is
                // made again and filled from the records. The ranking reads
                // records_fts alone: signatures_fts goes. The records are
                // loaded with today's columns, so version 5's column comes first.
                try addTrailingColumn(db)
                try db.execute("DROP TABLE signatures_fts")
                try SearchIndex.rebuild(db)
                found = 5
            }
            if found == 4 {
                try addTrailingColumn(db)
                found = 5
            }
            if found == 5 {
                try OutcomeStore.createTable(db)
                found = 6
            }
            if found == 6 {
                // Version 7's versions_product covers a version filter (schema.sql says why).
                try db.execute("""
                    DROP INDEX versions_product;
                    CREATE INDEX versions_product ON versions (product_key, vnorm, vkey, ranged, lo_key, lo_inclusive, hi_key, hi_inclusive);
                    """)
                found = 7
            }
            if found == 7 {
                // Version 8's caseless indexes serve --domain, --tag, --tier and --status (schema.sql says why).
                try db.execute("""
                    CREATE INDEX IF NOT EXISTS records_domain_nocase ON records (domain COLLATE NOCASE, id);
                    DROP INDEX IF EXISTS tags_tag;
                    CREATE INDEX tags_tag ON tags (tag COLLATE NOCASE);
                    DROP INDEX IF EXISTS records_tier;
                    CREATE INDEX records_tier ON records (verification_tier COLLATE NOCASE, id);
                    CREATE INDEX IF NOT EXISTS versions_status ON versions (status COLLATE NOCASE);
                    """)
                found = 8
            }
            if found == 8 {
                // Version 9's caseless index serves --category, in place of one nothing reads (schema.sql says why).
                try db.execute("""
                    CREATE INDEX IF NOT EXISTS records_category ON records (category COLLATE NOCASE, id);
                    DROP INDEX IF EXISTS records_domain_category;
                    """)
            }
            try db.execute("PRAGMA user_version = \(version)")
        }
    }

    /// Version 5 remembers what followed a record in its file, so that export
    /// gives the bytes back; older records export as they did (one newline).
    private static func addTrailingColumn(_ db: Database) throws {
        try db.execute("ALTER TABLE records ADD COLUMN trailing TEXT")
    }
}

/// Where the database lives: `--db`, else `$ERRATA_DB`, else
/// `${XDG_DATA_HOME:-~/.local/share}/errata/errata.db`.
public struct DatabaseLocation: Equatable, Sendable {
    public var path: String
    /// True for the per-user default, which is filled with the built-in
    /// seeds when it is first created.
    public var isDefault: Bool

    public static func resolve(explicit: String?, environment: [String: String]) -> DatabaseLocation {
        if let explicit, !explicit.isEmpty { return DatabaseLocation(path: explicit, isDefault: false) }
        if let env = environment["ERRATA_DB"], !env.isEmpty { return DatabaseLocation(path: env, isDefault: false) }
        var base = environment["XDG_DATA_HOME"] ?? ""
        if base.isEmpty { base = (environment["HOME"] ?? ".") + "/.local/share" }
        return DatabaseLocation(path: base + "/errata/errata.db", isDefault: true)
    }

    public static func processEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        for key in ["ERRATA_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME"] {
            if let value = getenv(key) { out[key] = String(cString: value) }
        }
        return out
    }
}

/// What a command does with the database.
public enum DatabaseAccess: Sendable {
    /// Reads only: opened read-only, so that a search leaves no file behind
    /// and works in a directory it cannot write.
    case read
    /// Writes: refused when the file is malformed; back in rollback-journal
    /// mode when done (`ErrataDatabase.finishWriting`).
    case write
}

/// Opens the database for a command: schema applied, and the default
/// database seeded with the built-in records on first use.
public enum ErrataDatabase {
    /// Writes check the file first with `PRAGMA quick_check`, which reads
    /// every page: up to this size (about a second here); a larger file
    /// relies on SQLite's own checks of the pages a write touches, and
    /// `errata check` checks it whole.
    public static let quickCheckLimit: Int64 = 512 << 20

    public static func open(_ location: DatabaseLocation, access: DatabaseAccess = .write, busy: BusyPolicy = BusyPolicy(), note: ((String) -> Void)? = nil) throws -> Database {
        if location.isDefault && !FileSystem.exists(location.path) {
            try createDefault(at: location.path)
        }
        switch access {
        case .write:
            // Checked before the writable open switches the file to WAL:
            // a refused write leaves no file behind.
            if FileSystem.exists(location.path) {
                try refuseMalformed(try Database(path: location.path, mode: .readOnly, busy: busy))
            }
            return try openRetrying(location.path, busy: busy)
        case .read:
            return try openForReading(location.path, busy: busy, note: note)
        }
    }

    /// A read-only connection, migrated first when the file is older than
    /// this errata. When the file is in WAL mode and its -shm file cannot be
    /// made (a directory this process cannot write), the file is read as
    /// immutable, with a note.
    static func openForReading(_ path: String, busy: BusyPolicy, note: ((String) -> Void)?) throws -> Database {
        do {
            do {
                let db = try Database(path: path, mode: .readOnly, busy: busy, settings: .errata)
                let found = try db.userVersion()
                if found > Schema.version { throw Schema.VersionError(found: found, path: path) }
                if found == Schema.version { return db }
            }
            // The reader is closed before the migration: open, it kept a
            // file in WAL mode from going back to rollback mode, and the
            // migration's WAL stayed behind for every later reader to
            // read through (a million-record file's: 72 MB, every search
            // twice as slow, 41 -> 92 ms).
            finishWriting(try openRetrying(path, busy: busy))
            return try Database(path: path, mode: .readOnly, busy: busy, settings: .errata)
        } catch let error as SQLiteError where error.cannotOpenReadOnly {
            let db = try Database(path: path, mode: .immutable, settings: .errata)
            note?("\(path): cannot set up shared reading here (SQLite: \(error.message)); reading the file as immutable")
            let found = try db.userVersion()
            if found != Schema.version { throw Schema.VersionError(found: found, path: path) }
            return db
        }
    }

    /// Refuses to write to a file that SQLite finds damaged: a write to a
    /// malformed file can succeed and make it worse.
    static func refuseMalformed(_ db: Database) throws {
        guard FileSystem.size(db.path) ?? 0 <= quickCheckLimit else { return }
        let problems: [String]
        do {
            problems = try db.prepare("PRAGMA quick_check(100)").map([]) { $0.text(0) ?? "" }
        } catch let error as SQLiteError where error.isMalformed {
            throw MalformedDatabase(path: db.path, problems: [error.message])
        }
        if problems != ["ok"] {
            throw MalformedDatabase(path: db.path, problems: problems)
        }
    }

    /// Ends a command's writing: the WAL is checkpointed into the file and
    /// removed, and the file goes back to rollback-journal mode, so that
    /// read-only commands after it find no -wal/-shm to create or keep.
    /// When another connection still has the file open it stays in WAL
    /// mode (changing it would wait for that connection); the next writer
    /// to finish tries again.
    public static func finishWriting(_ db: Database) {
        guard db.isWritable, !db.isInTransaction else { return }
        db.waitWhenBusy(BusyPolicy(limit: 0))
        try? db.execute("PRAGMA journal_mode = DELETE")
    }

    /// Builds the default database, schema and built-in seeds, in a file of
    /// its own beside the final path, and renames it into place when it is
    /// complete: a first run killed at any moment leaves either no database
    /// or a whole one, and first runs at the same time each put a whole one
    /// there (the last rename wins; a reader keeps the copy it opened).
    static func createDefault(at path: String) throws {
        try FileSystem.makeDirectories(FileSystem.directory(of: path))
        removeAbandonedBuilds(of: path)
        let building = path + ".building-\(getpid())"
        for suffix in ["", "-wal", "-shm"] { FileSystem.remove(building + suffix) }
        do {
            let db = try openRetrying(building)
            let importer = Importer(store: RecordStore(db))
            _ = try importer.importSources(Schema.builtinSeeds.map { InputSource.text(name: $0.path, text: $0.text) }, options: ImportOptions())
            // Everything into the one file that is renamed.
            try db.execute("PRAGMA journal_mode = DELETE")
        }
        let renamed = rename(building, path) == 0
        let failure = FileSystem.lastError(path)
        // The WAL files of the building name are empty or stale now.
        for suffix in renamed ? ["-wal", "-shm"] : ["", "-wal", "-shm"] { FileSystem.remove(building + suffix) }
        if !renamed { throw failure }
    }

    /// A first run killed while it built the database leaves its
    /// `.building-PID` files; they are removed once that process is gone.
    static func removeAbandonedBuilds(of path: String) {
        let directory = FileSystem.directory(of: path)
        let prefix = String(path.split(separator: "/").last ?? "") + ".building-"
        var abandoned: [String] = []
        for name in FileSystem.entries(of: directory) ?? [] where name.hasPrefix(prefix) {
            let pid = name.dropFirst(prefix.count).prefix { $0.isNumber }
            if let pid = Int32(pid), kill(pid, 0) != 0 && errno == ESRCH {
                abandoned.append(directory + "/" + name)
            }
        }
        for file in abandoned { FileSystem.remove(file) }
    }

    /// Opening a database that another process is creating or writing can
    /// meet SQLITE_BUSY where SQLite does not call the busy handler
    /// (switching to WAL, a lock upgrade): those are retried by the busy
    /// handler's own wait (`Database.BusyWait`: same limit, notice and
    /// giving up), instead of failing at once.
    private static func openRetrying(_ path: String, busy: BusyPolicy = BusyPolicy()) throws -> Database {
        let wait = Database.BusyWait(busy)
        var attempts: Int32 = 0
        while true {
            do {
                let db = try Database(path: path, busy: busy, settings: .errata)
                try Schema.migrate(db)
                return db
            } catch let error as SQLiteError where error.isContention {
                if wait.shouldRetry(attempts: attempts) == 0 { throw error }
                attempts += 1
            }
        }
    }
}

/// A database file that SQLite reports as damaged.
public struct MalformedDatabase: Error, CustomStringConvertible {
    public var path: String
    /// What SQLite reported, one problem a line (its banner lines dropped).
    public var problems: [String]

    public init(path: String, problems: [String]) {
        self.path = path
        self.problems = problems.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("*** ") }
    }

    public var description: String {
        let more = problems.count > 1 ? ", and \(problems.count - 1) more" : ""
        return "\(path): the database is malformed (\(problems.first ?? "quick_check failed")\(more)); nothing was written; `errata check` tells more"
    }
}
