import ErrataKit
import NIOPosix
import Synchronization

/// The database as the server uses it. Reads run on a pool of read-only
/// connections (WAL: none of them waits for a writer, nor a writer for
/// them), writes on one writable connection, one write at a time. SQLite
/// blocks, so every call runs on a thread pool of its own, never on an
/// event loop or Swift's cooperative threads; a connection is taken on that
/// thread, so there are never more connections than threads.
final class KnowledgeBase: Sendable {
    let location: DatabaseLocation
    let readOnly: Bool
    /// How long one request's database work may run before it is interrupted.
    let timeLimit: Duration
    private let threads: NIOThreadPool
    private let idle = Mutex<[ConnectionBox]>([])
    /// Kept open while the server runs: the file stays in WAL mode, and a
    /// CLI writer that finishes leaves it so (`ErrataDatabase.finishWriting`).
    private let writer: Mutex<ConnectionBox?>
    /// Moves on whenever the database may have changed: a commit seen by
    /// any reader (`PRAGMA data_version`), a write of this server's, a new
    /// reader. The answer cache keys on it.
    private let generationCounter = Atomic<UInt64>(0)
    let answers: AnswerCache
    /// What ranking derives from records' own text, shared by every search and match.
    let textCache = RecordTextCache()

    init(location: DatabaseLocation, readOnly: Bool, threads count: Int, timeLimit: Duration, cacheBudget: Int,
         note: @escaping (String) -> Void) throws {
        self.location = location
        answers = AnswerCache(budget: cacheBudget)
        self.readOnly = readOnly
        self.timeLimit = timeLimit
        writer = Mutex(try readOnly ? nil : ConnectionBox(Self.openWriter(location)))
        // The first reader is opened here, so that a file that cannot be
        // read fails the start, and its note (read as immutable) is said once.
        let first = try Self.openReader(location, note: note)
        idle.withLock { $0.append(ConnectionBox(first)) }
        threads = NIOThreadPool(numberOfThreads: count)
        threads.start()
    }

    /// Closes every connection; the writer last, folding the WAL back into
    /// the file as every errata writer does when it is done.
    func close() async {
        try? await threads.shutdownGracefully()
        idle.withLock { $0.removeAll() }
        if let box = writer.withLock({ $0.take() }) { ErrataDatabase.finishWriting(box.db) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await reading { try body($0.db) }
    }

    private func reading<T: Sendable>(_ body: @escaping @Sendable (ConnectionBox) throws -> T) async throws -> T {
        let slot = RunningSlot()
        return try await limited(slot) {
            let box = try self.idle.withLock { $0.popLast() } ?? ConnectionBox(try Self.openReader(self.location, note: nil))
            defer { self.idle.withLock { $0.append(box) } }
            return try slot.running(box.db) { try body(box) }
        }
    }

    /// A read whose answer (bytes) is kept in the answer cache under `key`
    /// and given again while the database is unchanged.
    func cachedRead(_ key: String, _ body: @escaping @Sendable (Database) throws -> [UInt8]) async throws -> [UInt8] {
        guard answers.budget > 0 else { return try await read(body) }
        return try await reading { box in
            let generation = try self.generation(seenBy: box)
            if let bytes = self.answers.answer(key, generation: generation) { return bytes }
            let bytes = try body(box.db)
            self.answers.store(key, bytes, generation: generation)
            return bytes
        }
    }

    /// The generation as this reader sees it: moved on first when another
    /// connection committed since this one last looked (or it never did).
    private func generation(seenBy box: ConnectionBox) throws -> UInt64 {
        let version = try box.db.cached("PRAGMA data_version").map([]) { $0.int64(0) }.first ?? 0
        if box.dataVersion != version {
            box.dataVersion = version
            generationCounter.add(1, ordering: .sequentiallyConsistent)
        }
        return generationCounter.load(ordering: .sequentiallyConsistent)
    }

    /// A reader that keeps the file's pages at hand between requests: the
    /// file mapped into memory (pages read in place, not copied by a read
    /// call each time) and a larger page cache than SQLite's 2 MB default.
    /// Measured on the 2,564-record database: a search's CPU time was
    /// mostly pread copies of pages the last search had just read.
    private static func openReader(_ location: DatabaseLocation, note: ((String) -> Void)?) throws -> Database {
        let db = try ErrataDatabase.open(location, access: .read, busy: BusyPolicy(limit: 5), note: note)
        db.stopsWhenInterrupted()
        try db.execute("PRAGMA mmap_size = 1073741824")
        try db.execute("PRAGMA cache_size = -32768")
        return db
    }

    private static func openWriter(_ location: DatabaseLocation) throws -> Database {
        let db = try ErrataDatabase.open(location, access: .write, busy: BusyPolicy(limit: 5))
        db.stopsWhenInterrupted()
        return db
    }

    /// A write, on the one writable connection; refused on a read-only server.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let slot = RunningSlot()
        return try await limited(slot) {
            try self.writer.withLock { box in
                guard let box else { throw HTTPFailure(.forbidden, "this server is read-only (--read-only)") }
                defer { self.generationCounter.add(1, ordering: .sequentiallyConsistent) }
                return try slot.running(box.db) { try body(box.db) }
            }
        }
    }

    /// Runs `work` on the thread pool; past the time limit its connection
    /// is interrupted (the statement running, and every one after it:
    /// `Database.stopsWhenInterrupted`), which ends the work with
    /// SQLITE_INTERRUPT; a write's transaction is rolled back.
    private func limited<T: Sendable>(_ slot: RunningSlot, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let limit = timeLimit
        let watchdog = Task {
            try await Task.sleep(for: limit)
            while !Task.isCancelled {
                slot.interrupt()
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        defer { watchdog.cancel() }
        do {
            return try await threads.runIfActive(work)
        } catch let error as SQLiteError where error.isInterrupt {
            throw HTTPFailure(.serviceUnavailable, "the request took longer than \(limit.components.seconds) s and was stopped")
        }
    }
}

/// A connection handed between threads: only ever used by one at a time
/// (taken from the idle list, or under the writer's lock), and what that
/// one thread keeps of it.
final class ConnectionBox: @unchecked Sendable {
    let db: Database
    /// A reader's last `PRAGMA data_version` (a number that means
    /// something only to the connection that read it).
    var dataVersion: Int64?
    init(_ db: Database) { self.db = db }
}

/// The connection a request is running on, if any: what its watchdog
/// interrupts, and only while that request runs.
final class RunningSlot: Sendable {
    private let current = Mutex<ConnectionBox?>(nil)

    func running<T>(_ db: Database, _ body: () throws -> T) rethrows -> T {
        current.withLock { $0 = ConnectionBox(db) }
        defer {
            // No interrupt reaches it after this: the next request starts clean.
            current.withLock { $0 = nil }
            db.resume()
        }
        return try body()
    }

    func interrupt() {
        current.withLock { $0?.db.interrupt() }
    }
}
