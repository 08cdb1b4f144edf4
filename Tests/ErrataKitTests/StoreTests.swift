import XCTest
@testable import ErrataKit
import SharedDataSupport

final class StoreTests: XCTestCase {
    func importText(_ db: Database, _ name: String, _ text: String, options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        try Importer(store: RecordStore(db)).importSources([.text(name: name, text: text)], options: options)
    }

    func exportAll(_ db: Database) throws -> String {
        var out: [UInt8] = []
        let rids = try db.prepare("SELECT rid FROM records ORDER BY id").map { $0.int64(0) }
        try Exporter(store: RecordStore(db)).export(rids: rids, shape: .array) { out += $0 }
        return String(decoding: out, as: UTF8.self)
    }

    func testEmbeddedSchemaAndSeedsAreTheFilesInTheRepository() throws {
        XCTAssertEqual(Schema.sql, try Fixtures.text(Fixtures.packageRoot.appendingPathComponent("schema.sql")))
        let files = try DirectoryWalk(Fixtures.seedsDir.path, extensions: [".json"], followLinks: false).files
        XCTAssertFalse(files.isEmpty)
        let embedded = Dictionary(uniqueKeysWithValues: Schema.builtinSeeds.map { ($0.path, $0.text) })
        XCTAssertEqual(Set(embedded.keys), Set(files.map { "seeds/" + $0.dropFirst(Fixtures.seedsDir.path.count + 1) }))
        for file in files {
            let key = "seeds/" + file.dropFirst(Fixtures.seedsDir.path.count + 1)
            XCTAssertEqual(embedded[key], try String(contentsOfFile: file, encoding: .utf8), key)
        }
    }

    /// The server's time limit: a statement that would run for minutes is
    /// stopped from another thread with SQLITE_INTERRUPT, and the
    /// connection answers the next statement as usual.
    func testInterruptStopsARunningStatementFromAnotherThread() throws {
        let (db, _) = try Fixtures.database()
        final class Handle: @unchecked Sendable { let db: Database; init(_ db: Database) { self.db = db } }
        let handle = Handle(db)
        let stopper = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            handle.db.interrupt()
        }
        stopper.start()
        // A billion rows (a minute or more): were it not stopped, it would end with a count, not this error.
        XCTAssertThrowsError(try db.scalarInteger("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n")) { error in
            XCTAssertTrue((error as? SQLiteError)?.isInterrupt ?? false, "\(error)")
        }
        XCTAssertEqual(try db.scalarInteger("SELECT 41 + 1"), 42)
        db.interrupt()
        XCTAssertEqual(try db.scalarInteger("SELECT 1"), 1, "an interrupt while nothing runs changes nothing")
    }

    func testSchemaSetsUserVersionAndForeignKeys() throws {
        let (db, _) = try Fixtures.database()
        XCTAssertEqual(try db.userVersion(), Schema.version)
        XCTAssertEqual(try db.scalarInteger("PRAGMA foreign_keys"), 1)
        XCTAssertEqual(try db.prepare("PRAGMA journal_mode").map { $0.text(0) }.first, "wal")
        // Readers read through a memory map; writers do not (an import's
        // mapped pages would count as its memory).
        XCTAssertEqual(try db.scalarInteger("PRAGMA mmap_size"), 0)
        let reader = try Database(path: db.path, mode: .readOnly, switchToWAL: false, settings: .errata)
        XCTAssertGreaterThan(try reader.scalarInteger("PRAGMA mmap_size") ?? 0, 0)
    }

    func testReferenceRoundTripsThroughTheTables() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        let text = try Fixtures.text(Fixtures.referenceSeed)
        XCTAssertEqual(try importText(db, "ref.json", text).inserted, 1)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM workarounds"), 3)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM versions WHERE product_key = 'nginx'"), 5)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM translations WHERE locale = 'zh'"), 3)
        XCTAssertEqual(try exportAll(db), "[\n  " + text.replacing("\n", with: "\n  ") + "\n]\n")
        XCTAssertEqual(try importText(db, "ref.json", text), ImportSummary(unchanged: 1, files: 1))
    }

    func testEditingATableChangesTheExport() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        _ = try importText(db, "ref.json", try Fixtures.text(Fixtures.referenceSeed))
        try db.execute("UPDATE workarounds SET success_rate = 0.42 WHERE ordinal = 1")
        let exported = try exportAll(db)
        XCTAssertTrue(exported.contains("\"success_rate\": 0.42"))
        XCTAssertFalse(exported.contains("\"success_rate\": 0.85"))
        // Re-importing the file restores it: the stored record differs from the file.
        XCTAssertEqual(try importText(db, "ref.json", try Fixtures.text(Fixtures.referenceSeed)).updated, 1)
        XCTAssertTrue(try exportAll(db).contains("\"success_rate\": 0.85"))
    }

    func testChangedRecordReplacesAllChildRows() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        let text = try Fixtures.text(Fixtures.referenceSeed)
        _ = try importText(db, "ref.json", text)
        var value = try Fixtures.parse(text)
        guard case .object(var o) = value else { return XCTFail() }
        o.members[o.members.firstIndex { $0.key == "workarounds" }!].value = .array([])
        o.members[o.members.firstIndex { $0.key == "tags" }!].value = .array([.string("tls")])
        value = .object(o)
        XCTAssertEqual(try importText(db, "ref.json", JSONWriter.pretty(value)).updated, 1)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM workarounds"), 0)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM workaround_sources"), 0)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM tags"), 1)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records_fts"), 1)
        XCTAssertEqual(try exportAll(db), "[\n  " + JSONWriter.pretty(value).replacing("\n", with: "\n  ") + "\n]\n")
    }

    func testBadRecordLeavesTheDatabaseAsItWas() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        let text = try Fixtures.text(Fixtures.referenceSeed)
        _ = try importText(db, "ref.json", text)
        let before = try exportAll(db)
        let good = text.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/other")
        let bad = text.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/third").replacing("\"fail_rate\": 0.9,", with: "\"fail_rate\": 9,")
        let importer = Importer(store: RecordStore(db))
        XCTAssertThrowsError(try importer.importSources([.text(name: "good.json", text: good), .text(name: "bad.json", text: bad)], options: ImportOptions())) { error in
            XCTAssertEqual("\(error)", "bad.json: $.dead_ends[1].fail_rate: expected a number between 0 and 1, got 9")
        }
        XCTAssertEqual(try exportAll(db), before)
        // --keep-going: the good file goes in, the bad one is reported.
        let summary = try importer.importSources([.text(name: "good.json", text: good), .text(name: "bad.json", text: bad)], options: ImportOptions(keepGoing: true))
        XCTAssertEqual(summary.inserted, 1)
        XCTAssertEqual(summary.failed, 1)
        XCTAssertEqual(summary.failures.first?.file, "bad.json")
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records"), 2)
    }

    func testDuplicateIDInOneImport() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        let text = try Fixtures.text(Fixtures.referenceSeed)
        XCTAssertThrowsError(try importText(db, "two.json", "[" + text + "," + text + "]")) { error in
            XCTAssertTrue("\(error)".hasPrefix("two.json: $[1].id: duplicate id"), "\(error)")
        }
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records"), 0)
    }

    /// An import that wrote a quarter of the records or more merges an index
    /// left in more than two segments into one; smaller imports leave it to
    /// FTS5, and the merged index finds the same records.
    func testALargeImportMergesTheIndexAndSmallOnesDoNot() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        let text = try Fixtures.text(Fixtures.referenceSeed)
        var next = 0
        func records(_ count: Int) -> String {
            defer { next += count }
            return "[" + (next..<(next + count)).map { text.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/copy-\($0)") }
                .joined(separator: ",") + "]"
        }
        func found() throws -> Int64? { try db.scalarInteger("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'certificate'") }
        _ = try importText(db, "first.json", records(12))
        XCTAssertEqual(try SearchIndex.segmentCount(db), 1, "one transaction, one segment")
        _ = try importText(db, "second.json", records(2))
        _ = try importText(db, "third.json", records(2))
        XCTAssertEqual(try SearchIndex.segmentCount(db), 3, "2 of 14 and 2 of 16 records: not merged")
        XCTAssertEqual(try found(), 16)
        let dry = try importText(db, "dry.json", records(6), options: ImportOptions(dryRun: true))
        XCTAssertEqual(dry.inserted, 6)
        XCTAssertEqual(try SearchIndex.segmentCount(db), 3, "a dry run writes nothing, the merge neither")
        // A signal during the merge stops it, rolled back (asked at every
        // SQLite step here: this small merge takes fewer than the 1,000
        // between two questions of an import).
        var asked = 0
        XCTAssertThrowsError(try SearchIndex.mergeAfterImport(db, written: 16, stopRequested: { asked += 1; return asked > 50 },
                                                              checkEvery: 1)) { error in
            XCTAssertTrue((error as? SQLiteError)?.isInterrupt == true, "\(error)")
        }
        XCTAssertEqual(try SearchIndex.segmentCount(db), 3)
        XCTAssertEqual(try found(), 16)
        XCTAssertTrue(try SearchIndex.mergeAfterImport(db, written: 16, stopRequested: { false }, checkEvery: 1))
        XCTAssertEqual(try SearchIndex.segmentCount(db), 1, "not stopped: merged")
        _ = try importText(db, "again.json", records(1))
        _ = try importText(db, "and-again.json", records(1))
        XCTAssertEqual(try SearchIndex.segmentCount(db), 3)
        _ = try importText(db, "fourth.json", records(6))
        XCTAssertEqual(try SearchIndex.segmentCount(db), 1, "6 of 24 records: merged")
        XCTAssertEqual(try found(), 24)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records"), 24)
    }

    /// A rebuilt index (`check --repair`, a migration) is merged into one
    /// segment however many its buffer wrote, and finds what it found.
    func testARebuiltIndexEndsInOneSegment() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        let text = try Fixtures.text(Fixtures.referenceSeed)
        let copies = "[" + (0..<40).map { text.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/copy-\($0)") }
            .joined(separator: ",") + "]"
        _ = try importText(db, "copies.json", copies)
        // A 4 KiB buffer: a segment every few records, before the merge.
        let rows = try db.inTransaction { try SearchIndex.rebuild(db, bufferSize: 4096) }
        XCTAssertEqual(rows, 40)
        XCTAssertEqual(try SearchIndex.segmentCount(db), 1)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'certificate'"), 40)
        XCTAssertEqual(try SearchIndex.differences(db).count, 0)
    }

    func testDryRunWritesNothing() throws {
        try Fixtures.requireReferenceSeed()
        let (db, _) = try Fixtures.database()
        let summary = try importText(db, "ref.json", try Fixtures.text(Fixtures.referenceSeed), options: ImportOptions(dryRun: true))
        XCTAssertEqual(summary.inserted, 1)
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records"), 0)
    }
}

final class MigrationTests: XCTestCase {
    /// A version 1 database (before signatures_fts, which version 2 added and
    /// version 4 dropped) migrates step by step to the current indexes.
    func testVersionOneDatabaseMigratesToTheCurrentIndex() throws {
        try Fixtures.requireReferenceSeed()
        let (db, dir) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "ref.json", text: try Fixtures.text(Fixtures.referenceSeed))], options: ImportOptions())
        // Make it what version 1 wrote: records_fts without the derived columns.
        try db.execute("""
            DROP TABLE records_fts;
            CREATE VIRTUAL TABLE records_fts USING fts5 (signature, aliases, root_cause, dead_ends, workarounds, tags, zh, cjk,
                tokenize = 'porter unicode61 remove_diacritics 2');
            INSERT INTO records_fts (rowid, signature) SELECT rid, signature FROM records;
            ALTER TABLE records DROP COLUMN trailing;
            DROP TABLE outcomes;
            PRAGMA user_version = 1;
            """)
        let path = dir.appendingPathComponent("t.db").path
        let reopened = try ErrataDatabase.open(DatabaseLocation(path: path, isDefault: false))
        XCTAssertEqual(try reopened.userVersion(), Schema.version)
        XCTAssertEqual(try reopened.scalarInteger("SELECT count(*) FROM sqlite_schema WHERE name = 'signatures_fts'"), 0)
        XCTAssertEqual(try reopened.prepare("SELECT slug FROM records_fts").map { $0.text(0) }, ["ssl-certificate-verify-failed"])
        XCTAssertEqual(try reopened.scalarInteger("SELECT rowid FROM records_fts WHERE records_fts MATCH 'regex : handshaking'"),
                       try reopened.scalarInteger("SELECT rid FROM records"), "rebuilt from the records, derived columns included")
        XCTAssertEqual(try reopened.scalarInteger("SELECT v FROM records_fts_config WHERE k = 'hashsize'"), 16_777_216)
    }

    func testVersionTwoDatabaseGainsTheLargerIndexBufferAndLosesTheSignatureIndex() throws {
        let (db, dir) = try Fixtures.database()
        try db.execute("""
            CREATE VIRTUAL TABLE signatures_fts USING fts5 (signature, aliases, tokenize = 'porter unicode61 remove_diacritics 2');
            DELETE FROM records_fts_config WHERE k = 'hashsize';
            ALTER TABLE records DROP COLUMN trailing;
            DROP TABLE outcomes;
            PRAGMA user_version = 2;
            """)
        let reopened = try ErrataDatabase.open(DatabaseLocation(path: dir.appendingPathComponent("t.db").path, isDefault: false))
        XCTAssertEqual(try reopened.userVersion(), Schema.version)
        XCTAssertEqual(try reopened.scalarInteger("SELECT v FROM records_fts_config WHERE k = 'hashsize'"), 16_777_216)
        XCTAssertEqual(try reopened.scalarInteger("SELECT count(*) FROM sqlite_schema WHERE name = 'signatures_fts'"), 0)
    }

    /// Version 5 added `records.trailing`; a version 4 record exports as it
    /// did (one newline), a record imported after the migration keeps its own ending.
    func testVersionFourDatabaseGainsTheTrailingColumn() throws {
        try Fixtures.requireReferenceSeed()
        let (db, dir) = try Fixtures.database()
        let text = try Fixtures.text(Fixtures.referenceSeed)
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "ref.json", text: text)], options: ImportOptions())
        try db.execute("ALTER TABLE records DROP COLUMN trailing; DROP TABLE outcomes; PRAGMA user_version = 4;")
        let reopened = try ErrataDatabase.open(DatabaseLocation(path: dir.appendingPathComponent("t.db").path, isDefault: false))
        XCTAssertEqual(try reopened.userVersion(), Schema.version)
        func exported() throws -> String {
            var out: [UInt8] = []
            let rid = try XCTUnwrap(try RecordStore(reopened).rid(of: "nginx/ssl-certificate-verify-failed"))
            try Exporter(store: RecordStore(reopened)).export(rids: [rid], shape: .single) { out += $0 }
            return String(decoding: out, as: UTF8.self)
        }
        XCTAssertEqual(try exported(), text + "\n")
        let summary = try Importer(store: RecordStore(reopened)).importSources([.text(name: "ref.json", text: text)], options: ImportOptions())
        XCTAssertEqual(summary.updated, 1, "the file's ending is part of what it holds")
        XCTAssertEqual(try exported(), text)
    }

    /// Version 7's versions_product holds every column a version filter
    /// reads: a version 6 file gets it, and counting a product's records
    /// reads that index alone.
    func testVersionSixDatabaseGainsTheCoveringVersionIndex() throws {
        let (db, dir) = try Fixtures.database()
        try db.execute("DROP INDEX versions_product; CREATE INDEX versions_product ON versions (product_key, vnorm); PRAGMA user_version = 6;")
        let reopened = try ErrataDatabase.open(DatabaseLocation(path: dir.appendingPathComponent("t.db").path, isDefault: false))
        XCTAssertEqual(try reopened.userVersion(), Schema.version)
        let columns = try reopened.prepare("SELECT name FROM pragma_index_info('versions_product') ORDER BY seqno").map { $0.text(0) ?? "" }
        XCTAssertEqual(columns, ["product_key", "vnorm", "vkey", "ranged", "lo_key", "lo_inclusive", "hi_key", "hi_inclusive"])
        let (cond, args) = try VersionSpec("nginx >= 1.24").sqlCondition()
        let plan = try reopened.prepare("EXPLAIN QUERY PLAN SELECT count(DISTINCT v.record_rid) FROM versions v WHERE \(cond)")
            .map(args) { $0.text(3) ?? "" }.joined(separator: "\n")
        XCTAssertTrue(plan.contains("COVERING INDEX versions_product"), plan)
    }

    /// Version 8's caseless indexes: a version 7 file gets them, and a
    /// listing by domain, tag, tier or status, in any case, reads them
    /// instead of walking every record.
    func testVersionSevenDatabaseGainsTheCaselessFilterIndexes() throws {
        try Fixtures.requireReferenceSeed()
        let (db, dir) = try Fixtures.database()
        let tagged = Fixtures.packageRoot.appendingPathComponent("seeds/node/eaddrinuse.json")
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "ref.json", text: try Fixtures.text(Fixtures.referenceSeed)),
                                                                .text(name: "tagged.json", text: try Fixtures.text(tagged))], options: ImportOptions())
        try db.execute(OlderSchemas.version7)
        let reopened = try ErrataDatabase.open(DatabaseLocation(path: dir.appendingPathComponent("t.db").path, isDefault: false))
        XCTAssertEqual(try reopened.userVersion(), Schema.version)
        let collations = try reopened.prepare("SELECT name, coll FROM pragma_index_xinfo('records_domain_nocase') WHERE key ORDER BY seqno")
            .map { "\($0.text(0) ?? "") \($0.text(1) ?? "")" }
        XCTAssertEqual(collations, ["domain NOCASE", "id BINARY"])
        func plan(_ filters: SearchFilters) throws -> String {
            let (clauses, args) = filters.sql(.lookup)
            return try reopened.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM records r WHERE " + clauses.joined(separator: " AND "))
                .map(args) { $0.text(3) ?? "" }.joined(separator: "\n")
        }
        XCTAssertTrue(try plan(SearchFilters(domain: "NGINX")).contains("INDEX records_domain_nocase (domain=?)"))
        XCTAssertTrue(try plan(SearchFilters(tag: "SSL")).contains("INDEX tags_tag (tag=?)"))
        XCTAssertTrue(try plan(SearchFilters(tier: "AI_Generated")).contains("INDEX records_tier (verification_tier=?)"))
        XCTAssertTrue(try plan(SearchFilters(status: "ACTIVE")).contains("INDEX versions_status (status=?)"))
        let searcher = Searcher(db: reopened)
        XCTAssertEqual(try searcher.search(nil, filters: SearchFilters(domain: "NGINX")).hits.map(\.id), ["nginx/ssl-certificate-verify-failed"])
        let byTag = try searcher.search(nil, filters: SearchFilters(tag: "Ports"))
        XCTAssertEqual(byTag.hits.map(\.id), ["node/eaddrinuse"])
        XCTAssertEqual(byTag.total, 1, "counted from the tags index alone")
        XCTAssertEqual(try searcher.search(nil, filters: SearchFilters(domain: "node", tag: "PORTS")).total, 1)
        XCTAssertEqual(try searcher.search(nil, filters: SearchFilters(tier: "AI_GENERATED")).total, 2)
        XCTAssertEqual(try searcher.search(nil, filters: SearchFilters(status: "Active")).total, 2)
        // A tag or a status alone is counted from its index, without a record.
        for alone in [SearchFilters(tag: "PORTS"), SearchFilters(status: "active")] {
            let count = try XCTUnwrap(alone.indexedCount)
            let plan = try reopened.prepare("EXPLAIN QUERY PLAN " + count.sql).map(count.args) { $0.text(3) ?? "" }.joined(separator: "\n")
            XCTAssertTrue(plan.contains("COVERING INDEX") && !plan.contains("records"), plan)
        }
        XCTAssertNil(SearchFilters(domain: "nginx", status: "active").indexedCount)
        // Nothing has both, but each value is some record's in another case: no "no record has this domain".
        let neither = SearchFilters(domain: "NGINX", tag: "ports")
        XCTAssertEqual(try searcher.search(nil, filters: neither).total, 0)
        XCTAssertNil(try neither.unknownValue(in: reopened))
        XCTAssertNotNil(try SearchFilters(domain: "ngin").unknownValue(in: reopened))
        XCTAssertEqual(try searcher.search(nil, filters: SearchFilters(tag: "no-such-tag")).hits.count, 0)
    }

    /// Version 9's caseless category index: a version 8 file gets it in
    /// place of the (domain, category) one, a --category listing in any case
    /// reads it, and a category no record has is told from it too.
    func testVersionEightDatabaseGainsTheCaselessCategoryIndex() throws {
        try Fixtures.requireReferenceSeed()
        let (db, dir) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "ref.json", text: try Fixtures.text(Fixtures.referenceSeed))],
                                                               options: ImportOptions())
        let category = try XCTUnwrap(try db.prepare("SELECT category FROM records").map { $0.text(0) }.first ?? nil)
        try db.execute(OlderSchemas.version8)
        let reopened = try ErrataDatabase.open(DatabaseLocation(path: dir.appendingPathComponent("t.db").path, isDefault: false))
        XCTAssertEqual(try reopened.userVersion(), Schema.version)
        let (clauses, args) = SearchFilters(category: category.uppercased()).sql(.lookup)
        let plan = try reopened.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM records r WHERE " + clauses.joined(separator: " AND "))
            .map(args) { $0.text(3) ?? "" }.joined(separator: "\n")
        XCTAssertTrue(plan.contains("INDEX records_category (category=?)"), plan)
        let known = try reopened.prepare("EXPLAIN QUERY PLAN SELECT 1 FROM records WHERE category = ? COLLATE NOCASE LIMIT 1")
            .map([.text("no-such")]) { $0.text(3) ?? "" }.joined(separator: "\n")
        XCTAssertTrue(known.contains("INDEX records_category"), known)
        XCTAssertEqual(try Searcher(db: reopened).search(nil, filters: SearchFilters(category: category.uppercased())).hits.map(\.id),
                       ["nginx/ssl-certificate-verify-failed"])
        let indexes = try reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL ORDER BY name")
            .map { $0.text(0) ?? "" }
        XCTAssertEqual(indexes, ["records_category", "records_domain_nocase", "records_tier"], "the (domain, category) index is gone")
        XCTAssertEqual(try SearchFilters.distinctValues("domain", startingWith: "NG", in: reopened), ["nginx"])
        XCTAssertEqual(try SearchFilters.distinctValues("domain", startingWith: "x", in: reopened), [])
    }

    /// Version 6 added the outcomes table, made from schema.sql's own definition.
    func testVersionFiveDatabaseGainsTheOutcomesTable() throws {
        let (db, dir) = try Fixtures.database()
        try db.execute("DROP TABLE outcomes; PRAGMA user_version = 5;")
        let reopened = try ErrataDatabase.open(DatabaseLocation(path: dir.appendingPathComponent("t.db").path, isDefault: false))
        XCTAssertEqual(try reopened.userVersion(), Schema.version)
        XCTAssertEqual(try reopened.scalarInteger("SELECT count(*) FROM sqlite_schema WHERE name IN ('outcomes', 'outcomes_record')"), 2)
        let store = OutcomeStore(reopened)
        let outcome = ErrataKit.Outcome(recordID: "a/b", kind: .workaround, action: "Restart it", ordinal: 0, result: .worked)
        XCTAssertTrue(try store.add(outcome))
        XCTAssertFalse(try store.add(outcome), "the same uuid twice is one outcome")
        XCTAssertEqual(try store.tallies(recordID: "a/b")[.workaround]?["Restart it"], ObservedRate(worked: 1))
        XCTAssertEqual(ObservedRate(declared: 0.9, worked: 0, failed: 10).blended, 0.45)
    }
}
