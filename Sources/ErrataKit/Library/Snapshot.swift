#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `errata snapshot`: a consistent, compacted copy of the database, made
/// while others read and write it (SQLite's `VACUUM INTO` reads one
/// snapshot of the file). The copy is written beside its final name and
/// renamed into place when whole, in rollback-journal mode, so that a
/// server started on it (`serve --read-only`) finds a single file.
public enum Snapshot {
    public struct Made: Sendable {
        public var path: String
        public var bytes: Int64
        public var records: Int
    }

    public static func write(from db: Database, to path: String, replacing: Bool = false) throws -> Made {
        if FileSystem.exists(path) && !replacing {
            throw QueryFailure("\(path) exists: a snapshot is a new file (remove it, or --force to replace it)")
        }
        let directory = FileSystem.directory(of: path)
        guard FileSystem.isDirectory(directory) else { throw QueryFailure("\(directory): no such directory") }
        let partial = path + ".partial-\(getpid())"
        for suffix in ["", "-journal", "-wal", "-shm"] { FileSystem.remove(partial + suffix) }
        do {
            try db.prepare("VACUUM INTO ?").run([.text(partial)])
            let records = try checked(partial, finalPath: path)
            guard rename(partial, path) == 0 else { throw FileSystem.lastError(path) }
            return Made(path: path, bytes: FileSystem.size(path) ?? 0, records: records)
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { FileSystem.remove(partial + suffix) }
            throw error
        }
    }

    /// Puts the copy in rollback-journal mode and checks it; closed again on return.
    private static func checked(_ partial: String, finalPath: String) throws -> Int {
        let copy = try Database(path: partial, mode: .readWrite, switchToWAL: false)
        try copy.execute("PRAGMA journal_mode = DELETE")
        let check = try copy.prepare("PRAGMA quick_check").map([]) { $0.text(0) ?? "" }
        guard check == ["ok"] else { throw QueryFailure("\(finalPath): the copy does not check out: \(check.joined(separator: "; "))") }
        return Int(try copy.scalarInteger("SELECT count(*) FROM records") ?? 0)
    }
}
