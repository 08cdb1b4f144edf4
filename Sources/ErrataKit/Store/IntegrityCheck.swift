/// `errata check`: whether a database file is whole and in step with
/// itself. Each check runs on its own, so one failure (a damaged page) does
/// not hide what the others find.
public struct IntegrityCheck {
    public enum Outcome: String, Sendable {
        case passed = "ok"
        case failed = "FAIL"
        /// Worth knowing, not a fault (links to records not imported yet are allowed).
        case note
    }

    public struct Finding: Sendable {
        public var name: String
        public var outcome: Outcome
        /// What was found: a summary first, then up to ten examples.
        public var details: [String]
    }

    public var findings: [Finding] = []
    public var passed: Bool { !findings.contains { $0.outcome == .failed } }
    /// True when only the search index is wrong, which `--repair` rebuilds.
    public var repairable: Bool {
        !passed && findings.allSatisfy { $0.outcome != .failed || $0.name.hasPrefix("search index") }
    }

    /// Runs every check. `db` must be writable (FTS5 runs its own check as
    /// a write), and is left as it was: that check is rolled back.
    /// `strict` makes links to ids not in the database a failure.
    public init(_ db: Database, strict: Bool = false) {
        run("schema version", db) {
            let found = try db.userVersion()
            return found == Schema.version
                ? (.passed, ["version \(found)"])
                : (.failed, ["version \(found); this errata reads and writes version \(Schema.version)"])
        }
        run("integrity_check", db) {
            let rows = try db.prepare("PRAGMA integrity_check(100)").map([]) { $0.text(0) ?? "" }
            let problems = Self.lines(rows)
            return rows == ["ok"] ? (.passed, []) : (.failed, ["\(problems.count) problems"] + problems.prefix(10))
        }
        run("foreign keys", db) {
            let rows = try db.prepare("PRAGMA foreign_key_check").map([]) { row in
                "\(row.text(0) ?? "?") row \(row.int64(1)) names a missing \(row.text(2) ?? "?") row"
            }
            return rows.isEmpty ? (.passed, []) : (.failed, ["\(rows.count) rows"] + rows.prefix(10))
        }
        run("search index structure", db) {
            // FTS5 checks itself through a write; the savepoint undoes it.
            try db.inSavepoint(rollingBack: true) {
                try db.execute("INSERT INTO records_fts (records_fts) VALUES ('integrity-check')")
            }
            return (.passed, [])
        }
        run("search index content", db) {
            let (count, examples) = try SearchIndex.differences(db)
            return count == 0 ? (.passed, ["every record indexed as its tables say"]) : (.failed, [count == 1 ? "1 difference" : "\(count) differences"] + examples)
        }
        run("links", db) {
            let dangling = try Statistics.danglingLinks(db).map { "\($0.fromID) \($0.kind) \($0.toID)" }
            if dangling.isEmpty { return (.passed, ["every link names a record in the database"]) }
            return (strict ? .failed : .note, [Count.of(dangling.count, "link names an id", "links name ids") + " not in the database"] + dangling.prefix(10))
        }
    }

    private mutating func run(_ name: String, _ db: Database, _ body: () throws -> (Outcome, [String])) {
        do {
            let (outcome, details) = try body()
            findings.append(Finding(name: name, outcome: outcome, details: details))
        } catch let error as SQLiteError {
            findings.append(Finding(name: name, outcome: .failed, details: [error.message]))
        } catch {
            findings.append(Finding(name: name, outcome: .failed, details: ["\(error)"]))
        }
    }

    /// SQLite's report lines without its "*** in database main ***" banners.
    private static func lines(_ rows: [String]) -> [String] {
        rows.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("*** ") }
    }
}
