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
        } catch let error as SQLiteError where error.isBusy {
            throw CommandFailure("\(location.path): the database is busy (another errata is writing); try again", code: 2)
        } catch let error as SQLiteError {
            throw CommandFailure("\(location.path): cannot open database: \(error.message)", code: 2)
        } catch let error as Schema.VersionError {
            throw CommandFailure(error.description, code: 2)
        } catch let error as MalformedDatabase {
            throw CommandFailure(error.description, code: 2)
        } catch let error as FileSystem.Failure {
            throw CommandFailure("cannot create \(error.path): \(error.reason)", code: 2)
        } catch let failure as ImportFailure {
            throw CommandFailure("built-in seeds: \(failure.description)", code: 2)
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
    } catch let failure as ImportFailure {
        throw CommandFailure(failure.description, code: 2)
    } catch let failure as QueryFailure {
        throw CommandFailure(failure.message, code: failure.code)
    } catch let error as SQLiteError {
        if error.isBusy {
            throw CommandFailure("the database is busy (another errata is writing); try again", code: 2)
        }
        if error.isMalformed {
            throw CommandFailure("database error: \(error.message); `errata check` tells more", code: 2)
        }
        throw CommandFailure("database error: \(error.message)", code: 2)
    } catch let error as FileSystem.Failure {
        throw CommandFailure(error.description, code: 2)
    }
}
