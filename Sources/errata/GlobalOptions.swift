import ArgumentParser
import ErrataKit

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $ERRATA_DB, else ~/.local/share/errata/errata.db).", valueName: "path"))
    var db: String?

    var location: DatabaseLocation {
        DatabaseLocation.resolve(explicit: db, environment: DatabaseLocation.processEnvironment())
    }

    /// Opens the database, turning any failure into a one-line error. A
    /// database named by --db or $ERRATA_DB is created only by a command
    /// that writes (`creating`): a read on a missing file is an error that
    /// leaves nothing behind (a typo must not make an empty database).
    func open(_ access: DatabaseAccess = .read, creating: Bool = false, busy: BusyPolicy = BusyPolicy()) throws -> Database {
        try Self.open(db: db, access, creating: creating, busy: busy)
    }

    static func open(db: String?, _ access: DatabaseAccess = .read, creating: Bool = false, busy: BusyPolicy = BusyPolicy()) throws -> Database {
        let location = DatabaseLocation.resolve(explicit: db, environment: DatabaseLocation.processEnvironment())
        if !location.isDefault && !creating && !FileSystem.exists(location.path) {
            throw CommandFailure("\(location.path): no such database (import creates one)", code: 2)
        }
        do {
            return try ErrataDatabase.open(location, access: access, busy: busy) { Terminal.error($0) }
        } catch {
            throw CommandFailure(error, opening: location.path) ?? error
        }
    }

    /// Removes a database file that a command created and then wrote
    /// nothing to, with its WAL and shared-memory files.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(path + suffix) }
    }
}

/// A failure a command reports as one line on stderr, with its exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32

    init(_ message: String, code: Int32 = 2) {
        self.message = message
        self.code = code
    }
}

/// Runs `body`, turning library errors into one-line command failures:
/// an SQLite error never reaches the user as a dump.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw CommandFailure(error) ?? error
    }
}

extension CommandFailure {
    /// A library error as the line a person reads (`QueryFailure.describing`);
    /// nil for errors that are not the library's (ArgumentParser's own, exits).
    init?(_ error: Error, opening path: String? = nil) {
        if let failure = error as? CommandFailure {
            self = failure
        } else if let failure = QueryFailure.describing(error, opening: path) {
            self.init(failure.message, code: failure.code)
        } else {
            return nil
        }
    }
}
