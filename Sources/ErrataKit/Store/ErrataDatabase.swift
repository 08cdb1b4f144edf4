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
    public static let version = 5

    /// The built-in seed files as (path relative to the package, text).
    public static var builtinSeeds: [(path: String, text: String)] { EmbeddedResources.seeds }

    public struct VersionError: Error, CustomStringConvertible {
        public var found: Int
        public var path: String
        public var description: String {
            "\(path): database schema version \(found) is newer than this errata understands (\(Schema.version)); upgrade errata"
        }
    }

    /// Creates the tables in an empty database; checks the version of an
    /// existing one. Migrations from older versions go here.
    public static func prepare(_ db: Database) throws {
        let current = try db.userVersion()
        if current == version { return }
        if current > version { throw VersionError(found: current, path: db.path) }
        try db.transaction {
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
                try db.execute("""
                    DROP TABLE signatures_fts;
                    DROP TABLE records_fts;
                    CREATE VIRTUAL TABLE records_fts USING fts5 (
                        \(RecordRows.searchColumns.joined(separator: ", ")),
                        tokenize = 'porter unicode61 remove_diacritics 2');
                    INSERT INTO records_fts (records_fts, rank) VALUES ('hashsize', 16777216);
                    """)
                let store = RecordStore(db)
                let insert = try db.prepare("INSERT INTO records_fts (rowid, \(RecordRows.searchColumns.joined(separator: ", "))) VALUES (?\(String(repeating: ", ?", count: RecordRows.searchColumns.count)))")
                for rid in try db.prepare("SELECT rid FROM records").map([], { $0.int64(0) }) {
                    guard let record = try store.load(rid: rid) else { continue }
                    try insert.run([.integer(rid)] + RecordRows.searchText(record).map(SQLValue.text))
                }
                found = 5
            }
            if found == 4 {
                try addTrailingColumn(db)
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
        for key in ["ERRATA_DB", "XDG_DATA_HOME", "HOME"] {
            if let value = getenv(key) { out[key] = String(cString: value) }
        }
        return out
    }
}

/// Opens the database for a command: schema applied, and the default
/// database seeded with the built-in records on first use.
public enum ErrataDatabase {
    public static func open(_ location: DatabaseLocation) throws -> Database {
        if location.isDefault && !FileSystem.exists(location.path) {
            try createDefault(at: location.path)
        }
        return try openRetrying(location.path)
    }

    /// Builds the default database, schema and built-in seeds, in a file of
    /// its own beside the final path, and renames it into place when it is
    /// complete: a first run killed at any moment leaves either no database
    /// or a whole one, and first runs at the same time each put a whole one
    /// there (the last rename wins; a reader keeps the copy it opened).
    static func createDefault(at path: String) throws {
        try FileSystem.makeDirectories(FileSystem.directory(of: path))
        let building = path + ".building-\(getpid())"
        for suffix in ["", "-wal", "-shm"] { FileSystem.remove(building + suffix) }
        do {
            let db = try openRetrying(building)
            let importer = Importer(store: RecordStore(db))
            _ = try importer.importSources(Schema.builtinSeeds.map { InputSource.text(name: $0.path, text: $0.text) }, options: ImportOptions())
            // Everything into the one file that is renamed (opening it again turns WAL back on).
            try db.execute("PRAGMA journal_mode = DELETE")
        }
        let renamed = rename(building, path) == 0
        let failure = FileSystem.lastError(path)
        // The WAL files of the building name are empty or stale now.
        for suffix in renamed ? ["-wal", "-shm"] : ["", "-wal", "-shm"] { FileSystem.remove(building + suffix) }
        if !renamed { throw failure }
    }

    /// Opening a database that another process is creating at that moment
    /// can meet SQLITE_BUSY where SQLite does not wait (switching to WAL,
    /// a lock upgrade): those are retried for a while instead of failing.
    private static func openRetrying(_ path: String) throws -> Database {
        var attempt = 0
        while true {
            do {
                let db = try Database(path: path)
                try Schema.prepare(db)
                return db
            } catch let error as SQLiteError where error.isBusy && attempt < 100 {
                attempt += 1
                usleep(50_000)
            }
        }
    }
}
