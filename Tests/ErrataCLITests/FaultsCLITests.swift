import ErrataKit
import Foundation
import SharedDataSupport
import XCTest

/// What a user does by accident must not leave the knowledge base wrong:
/// damaged files, interrupted imports, read-only places. Through the real
/// binary.
final class FaultsCLITests: XCTestCase {
    var cli: CLI!
    var reference = ""

    override func setUpWithError() throws {
        reference = try CLI.requireReferenceSeed()
        cli = try CLI()
        XCTAssertEqual(try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path]).code, 0)
    }

    func snapshot() throws -> String {
        try cli.run(["export", "--all", "--ndjson"]).stdout + cli.run(["stats", "--json"]).stdout
    }

    func files(_ prefix: String = "t.db") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.hasPrefix(prefix) }.sorted()
    }

    // MARK: read-only use

    func testReadCommandsLeaveNoFilesBehind() throws {
        XCTAssertEqual(try files(), ["t.db"], "an import ends with the WAL folded back into the file")
        for read in [["search", "certificate"], ["match"], ["show", "nginx/ssl-certificate-verify-failed"], ["stats"],
                     ["export", "--all"], ["chain", "nginx/ssl-certificate-verify-failed"], ["check"]] {
            let result = try cli.run(read, stdin: Data("SSL: certificate verify failed while SSL handshaking to upstream\n".utf8))
            XCTAssertEqual(result.code, 0, "\(read): \(result.stderr)")
            XCTAssertEqual(try files(), ["t.db"], "\(read) leaves no -wal or -shm")
        }
    }

    /// An older file left in WAL mode (by a writer that met another
    /// connection) is migrated by the first read, and left as a write
    /// leaves it: one file, rollback mode, no WAL for later reads to go through.
    func testAReadMigratesAnOlderFileInWALModeAndLeavesNoWAL() throws {
        do {
            let db = try Database(path: cli.path("t.db"), mode: .readWrite)
            XCTAssertEqual(try db.prepare("PRAGMA journal_mode").map { $0.text(0) }, ["wal"])
            try db.execute(OlderSchemas.version7)
        }
        do {
            let before = try Database(path: cli.path("t.db"), mode: .readOnly)
            XCTAssertEqual(try before.prepare("PRAGMA journal_mode").map { $0.text(0) }, ["wal"], "the file stays in WAL mode")
        }
        let result = try cli.run(["search", "certificate verify failed"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("nginx/ssl-certificate-verify-failed"))
        XCTAssertEqual(try files(), ["t.db"], "no -wal or -shm")
        let after = try Database(path: cli.path("t.db"), mode: .readOnly)
        XCTAssertEqual(try after.userVersion(), Schema.version)
        XCTAssertEqual(try after.prepare("PRAGMA journal_mode").map { $0.text(0) }, ["delete"])
    }

    /// A database in a directory this user cannot write: searched as it is
    /// (rollback mode), or read as immutable with a note when it is in WAL
    /// mode and its -shm cannot be made; writes fail with one line.
    func testADatabaseInAReadOnlyDirectoryCanBeSearched() throws {
        let locked = cli.directory.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: cli.path("t.db"), toPath: locked.appendingPathComponent("plain.db").path)
        try FileManager.default.copyItem(atPath: cli.path("t.db"), toPath: locked.appendingPathComponent("wal.db").path)
        let wal = try Database(path: locked.appendingPathComponent("wal.db").path, mode: .readWrite)
        XCTAssertEqual(try wal.prepare("PRAGMA journal_mode").map { $0.text(0) }, ["wal"])
        withExtendedLifetime(wal) {}
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: locked.path).sorted(), ["plain.db", "wal.db"])

        // One word: stderr has nothing to say of the words, only of the file.
        let plain = try runUnprivileged(["--db", locked.appendingPathComponent("plain.db").path, "search", "certificate"])
        XCTAssertEqual(plain.code, 0, plain.stderr)
        XCTAssertTrue(plain.stdout.contains("nginx/ssl-certificate-verify-failed"))
        XCTAssertEqual(plain.stderr, "")

        let walPath = locked.appendingPathComponent("wal.db").path
        let immutable = try runUnprivileged(["--db", walPath, "search", "certificate"])
        XCTAssertEqual(immutable.code, 0, immutable.stderr)
        XCTAssertTrue(immutable.stdout.contains("nginx/ssl-certificate-verify-failed"))
        XCTAssertTrue(immutable.stderr.hasPrefix("errata: \(walPath): cannot set up shared reading here"), immutable.stderr)
        XCTAssertTrue(immutable.stderr.hasSuffix("reading the file as immutable\n"), immutable.stderr)
        XCTAssertEqual(immutable.stderr.split(separator: "\n").count, 1)

        let write = try runUnprivileged(["--db", walPath, "import", CLI.referenceSeed.path])
        XCTAssertEqual(write.code, 2)
        XCTAssertEqual(write.stderr.split(separator: "\n").count, 1, write.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: locked.path).sorted(), ["plain.db", "wal.db"])
    }

    /// Runs errata as a user that permissions apply to: root ignores a
    /// read-only directory, so as root the command runs as `nobody`.
    func runUnprivileged(_ arguments: [String]) throws -> CLI.Result {
        guard getuid() == 0 else { return try cli.run(arguments) }
        let setpriv = "/usr/bin/setpriv"
        guard FileManager.default.isExecutableFile(atPath: setpriv) else {
            throw XCTSkip("SKIPPED: running as root without \(setpriv), so a read-only directory cannot be made")
        }
        let probe = try cli.run(["--help"], runner: [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        guard probe.code == 0 else {
            throw XCTSkip("SKIPPED: user nobody cannot run \(CLI.binary.path) (\(probe.stderr)); a read-only directory cannot be made as root")
        }
        return try cli.run(arguments, runner: [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"])
    }

    // MARK: directory walks

    /// A link back up the tree, a FIFO named like a record file, and files
    /// of other extensions: the walk neither loops nor blocks, and says
    /// what it left out.
    func testDirectoryWalksNeitherLoopNorBlockAndSayWhatTheySkipped() throws {
        try cli.write("tree/a/b/r.json", reference)
        for i in 0..<7 { try cli.write("tree/a/notes-\(i).txt", "not a record") }
        try FileManager.default.createSymbolicLink(atPath: cli.path("tree/a/b/up"), withDestinationPath: "..")
        XCTAssertEqual(mkfifo(cli.path("tree/a/x.json"), 0o644), 0)
        let tree = cli.path("tree")

        let plain = try cli.run(["validate", tree], timeout: 20)
        XCTAssertEqual(plain.code, 0, plain.stderr)
        XCTAssertEqual(plain.stdout, "1 valid record in 1 file, 7 files skipped (not .json, .ndjson, .jsonl), 1 symbolic link not followed (--follow)\n")
        XCTAssertEqual(plain.stderr, "errata: note: \(tree)/a/x.json: skipped, a FIFO, not a file\n")

        let followed = try cli.run(["validate", "--follow", tree], timeout: 20)
        XCTAssertEqual(followed.stdout, "1 valid record in 1 file, 7 files skipped (not .json, .ndjson, .jsonl)\n")
        XCTAssertTrue(followed.stderr.contains("errata: note: \(tree)/a/b/up: skipped, a link back to a directory above it (a loop)\n"), followed.stderr)

        let imported = try cli.run(["--db", "walk.db", "import", "--follow", tree], timeout: 20)
        XCTAssertEqual(imported.code, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "imported 1 record from 1 file: 1 inserted, 0 updated, 0 unchanged, 0 failed, 7 files skipped (not .json, .ndjson, .jsonl)\n")

        for i in 0..<7 { try cli.write("texts/notes-\(i).txt", "not a record") }
        let nothing = try cli.run(["--db", "none.db", "import", cli.path("texts")], timeout: 20)
        XCTAssertEqual(nothing.stdout, "imported 0 records from 0 files: 0 inserted, 0 updated, 0 unchanged, 0 failed, 7 files skipped (not .json, .ndjson, .jsonl)\n")
    }

    // MARK: damaged files

    /// Bytes overwritten in a table's root page: a write is refused with
    /// one line and the file is not touched; `check` names the damage and
    /// `--repair` refuses to pretend it can fix the tables.
    func testAWriteToAMalformedDatabaseIsRefused() throws {
        let path = cli.path("t.db")
        try damagePage(of: "workarounds", in: path)
        let damaged = try Data(contentsOf: URL(fileURLWithPath: path))

        let other = try cli.write("other.json", reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/other"))
        let write = try cli.run(["import", other])
        XCTAssertEqual(write.code, 2)
        XCTAssertTrue(write.stderr.hasPrefix("errata: \(path): the database is malformed ("), write.stderr)
        XCTAssertTrue(write.stderr.hasSuffix("nothing was written; `errata check` tells more\n"), write.stderr)
        XCTAssertEqual(write.stderr.split(separator: "\n").count, 1)
        XCTAssertEqual(write.stdout, "")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), damaged, "the file is as it was")
        XCTAssertEqual(try files(), ["t.db"])

        let check = try cli.run(["check"])
        XCTAssertEqual(check.code, 1)
        XCTAssertTrue(check.stdout.contains("FAIL  integrity_check"), check.stdout)
        let repair = try cli.run(["check", "--repair"])
        XCTAssertEqual(repair.code, 1)
        XCTAssertTrue(repair.stderr.contains("the tables themselves are damaged"), repair.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), damaged, "--repair wrote nothing")
    }

    func testCheckFindsAStaleSearchIndexAndRepairRebuildsIt() throws {
        let healthy = try cli.run(["check"])
        XCTAssertEqual(healthy.code, 0, healthy.stdout)
        XCTAssertTrue(healthy.stdout.hasPrefix("ok    schema version: version \(Schema.version)\nok    integrity_check\n"), healthy.stdout)
        XCTAssertFalse(healthy.stdout.contains("FAIL"))

        // The index loses one record's row and another's text: SQLite itself finds nothing wrong.
        let db = try Database(path: cli.path("t.db"), mode: .readWrite)
        let rid = try XCTUnwrap(try db.scalarInteger("SELECT rid FROM records WHERE id = 'nginx/ssl-certificate-verify-failed'"))
        try db.execute("DELETE FROM records_fts WHERE rowid = \(rid)")
        try db.execute("UPDATE records_fts SET signature = 'something else' WHERE rowid = (SELECT max(rowid) FROM records_fts)")
        ErrataDatabase.finishWriting(db)
        withExtendedLifetime(db) {}
        XCTAssertFalse(try cli.run(["search", "certificate verify failed"]).stdout.contains("nginx/ssl-certificate-verify-failed"))

        let stale = try cli.run(["check"])
        XCTAssertEqual(stale.code, 1)
        XCTAssertTrue(stale.stdout.contains("FAIL  search index content: 2 differences"), stale.stdout)
        XCTAssertTrue(stale.stdout.contains("nginx/ssl-certificate-verify-failed: not in the index"), stale.stdout)
        XCTAssertTrue(stale.stdout.contains("`errata check --repair` rebuilds the search index"), stale.stdout)

        let repaired = try cli.run(["check", "--repair"])
        XCTAssertEqual(repaired.code, 0, repaired.stdout + repaired.stderr)
        XCTAssertTrue(repaired.stderr.contains("rebuilt the search index from 42 records"), repaired.stderr)
        XCTAssertTrue(try cli.run(["search", "certificate verify failed"]).stdout.contains("nginx/ssl-certificate-verify-failed"))
        XCTAssertEqual(try cli.run(["check"]).code, 0)
    }

    func testCheckNotesLinksToMissingRecordsAndStrictFailsOnThem() throws {
        let linked = reference.replacing("\"leads_to\": []", with: "\"leads_to\": [\"nginx/not-imported-yet\"]")
        XCTAssertNotEqual(linked, reference)
        XCTAssertEqual(try cli.run(["import", try cli.write("linked.json", linked)]).code, 0)
        let check = try cli.run(["check"])
        XCTAssertEqual(check.code, 0, check.stdout)
        XCTAssertTrue(check.stdout.contains("note  links:"), check.stdout)
        XCTAssertTrue(check.stdout.contains("nginx/ssl-certificate-verify-failed leads_to nginx/not-imported-yet"), check.stdout)
        XCTAssertEqual(try cli.run(["check", "--strict"]).code, 1)
        let json = try cli.run(["check", "--json"])
        let parsed = try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any]
        XCTAssertEqual(parsed?["passed"] as? Bool, true)
        XCTAssertEqual((parsed?["checks"] as? [Any])?.count, 6)
        XCTAssertEqual(try cli.run(["--db", "missing.db", "check"]).code, 2)
    }

    /// Overwrites the page header of `table`'s root page.
    func damagePage(of table: String, in path: String) throws {
        let db = try Database(path: path, mode: .readOnly)
        let root = try XCTUnwrap(try db.scalarInteger("SELECT rootpage FROM sqlite_schema WHERE name = ?", [.text(table)]))
        let pageSize = try XCTUnwrap(try db.scalarInteger("PRAGMA page_size"))
        withExtendedLifetime(db) {}
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 64))
        try handle.close()
    }

    // MARK: signals

    /// SIGINT or SIGTERM in the middle of a long import: the database as it
    /// was, one line saying so, no WAL left, the shell's exit code; a new
    /// database named by --db is not left behind.
    func testAnInterruptedImportKeepsTheDatabaseAsItWas() throws {
        let lines = (0..<12_000).map { i in
            CLI.oneLine(reference.replacing("nginx/ssl-certificate-verify-failed", with: "bulk/record-\(i)"))
        }
        let bulk = try cli.write("bulk.ndjson", lines.joined(separator: "\n") + "\n")
        let before = try snapshot()
        for (signal, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            for target in ["t.db", "new.db"] {
                let stderr = cli.path("import.stderr")
                let process = try cli.start(["--db", target, "import", bulk], stderrPath: stderr)
                // Signalled once the import is under way (its WAL exists).
                let deadline = Date().addingTimeInterval(30)
                while !FileManager.default.fileExists(atPath: cli.path(target + "-wal")) && process.isRunning && Date() < deadline {
                    usleep(5_000)
                }
                usleep(300_000)
                XCTAssertTrue(process.isRunning, "the import is still running when signalled")
                kill(process.processIdentifier, signal)
                process.waitUntilExit()
                XCTAssertEqual(process.terminationReason, .exit, "\(target): ends by itself, not by the signal")
                XCTAssertEqual(process.terminationStatus, code, "\(target)")
                XCTAssertEqual(try String(contentsOfFile: stderr, encoding: .utf8), "errata: interrupted: nothing imported\n")
                XCTAssertEqual(try files(target), target == "t.db" ? ["t.db"] : [], "\(target): no WAL, and no new database")
            }
            XCTAssertEqual(try snapshot(), before)
        }
    }
}
