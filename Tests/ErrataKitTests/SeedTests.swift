import XCTest
@testable import ErrataKit

/// The built-in seeds: valid, canonical, recognisable, linked.
final class SeedTests: XCTestCase {
    func seedFiles() throws -> [String] {
        try DirectoryWalk(Fixtures.seedsDir.path, extensions: [".json"], followLinks: false).files
    }

    func testEverySeedValidatesAndRoundTripsByteForByte() throws {
        let files = try seedFiles()
        XCTAssertGreaterThanOrEqual(files.count, 40)
        let (db, _) = try Fixtures.database()
        let store = RecordStore(db)
        let summary = try Importer(store: store).importSources(files.map(InputSource.path), options: ImportOptions())
        XCTAssertEqual(summary.inserted, files.count)
        var domains = Set<String>()
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let value = try Fixtures.parse(text)
            let id = value["id"]?.stringValue ?? ""
            XCTAssertEqual(file, Fixtures.seedsDir.path + "/" + id + ".json", "path = id + .json")
            XCTAssertEqual(JSONWriter.pretty(value), text, "\(id) is canonical text")
            let record = try XCTUnwrap(try store.load(id: id))
            XCTAssertEqual(JSONWriter.pretty(RecordEncoder.encode(record)), text, "\(id) round-trips through the tables")
            XCTAssertEqual(record.text("verification_tier"), "ai_generated")
            XCTAssertNotNil(record.text("signature_zh"), id)
            XCTAssertNotNil(record.text("root_cause_zh"), id)
            XCTAssertEqual(record.translations[.workaroundsZh]?.count, record.workarounds.count, "\(id): one zh line per workaround")
            XCTAssertFalse(record.deadEnds.isEmpty, id)
            XCTAssertFalse(record.versions.isEmpty, id)
            domains.insert(record.text("domain") ?? "")
        }
        XCTAssertGreaterThanOrEqual(domains.subtracting(["nginx"]).count, 5)
    }

    func testMostSeedsAreLinkedAndLinksResolve() throws {
        let (db, _) = try Fixtures.database()
        _ = try Importer(store: RecordStore(db)).importSources(try seedFiles().map(InputSource.path), options: ImportOptions())
        let linked = try db.scalarInteger("""
            SELECT count(*) FROM records r WHERE EXISTS (SELECT 1 FROM transitions t WHERE t.from_rid = r.rid)
               OR EXISTS (SELECT 1 FROM transitions t WHERE t.to_id = r.id)
            """) ?? 0
        let total = try db.scalarInteger("SELECT count(*) FROM records") ?? 0
        XCTAssertGreaterThan(Double(linked) / Double(total), 0.75, "\(linked) of \(total) seeds are linked")
        // Every confusion names what tells the two apart.
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM transitions WHERE kind = 'frequently_confused_with' AND coalesce(distinction, '') = ''"), 0)
        // The one dangling link is deliberate: it names a deadends.dev corpus record.
        XCTAssertEqual(try Statistics(db: db).dangling.map(\.toID), ["kubernetes/crashloopbackoff/k8s1-linux"])
    }

    func testEachRegexMatchesItsSampleAndNoOther() throws {
        let samplesFile = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/seed-samples.txt")
        var samples: [String: String] = [:]
        for line in try Fixtures.text(samplesFile).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            samples[String(parts[0])] = String(parts[1])
        }
        var regexes: [String: PythonRegex] = [:]
        for file in try seedFiles() {
            let value = try Fixtures.parse(try String(contentsOfFile: file, encoding: .utf8))
            let id = value["id"]?.stringValue ?? ""
            regexes[id] = try PythonRegex(value["regex"]?.stringValue ?? "")
        }
        XCTAssertEqual(Set(samples.keys), Set(regexes.keys), "one sample per seed")
        for (id, sample) in samples {
            if case .match = regexes[id]?.firstMatch(in: sample) {} else { XCTFail("\(id): regex does not match its sample") }
            for (other, regex) in regexes where other != id {
                if case .match = regex.firstMatch(in: sample) { XCTFail("\(other)'s regex matches the sample of \(id)") }
            }
        }
    }

    func testChainFollowsCyclesAndDanglingLinks() throws {
        let (db, _) = try Fixtures.database()
        func record(_ id: String, leads: [String], confused: [String] = []) -> String {
            let l = leads.map { "\"\($0)\"" }.joined(separator: ", ")
            let c = confused.map { #"{"error_id": "\#($0)", "distinction": "differs"}"# }.joined(separator: ", ")
            return #"{"id": "\#(id)", "signature": "sig \#(id)", "domain": "g", "transition_graph": {"leads_to": [\#(l)], "preceded_by": [], "frequently_confused_with": [\#(c)]}}"#
        }
        let docs = [record("g/a", leads: ["g/b"]), record("g/b", leads: ["g/c"]), record("g/c", leads: ["g/a", "g/missing"], confused: ["g/d"]), record("g/d", leads: [])]
        _ = try Importer(store: RecordStore(db)).importSources([.text(name: "g.ndjson", text: docs.joined(separator: "\n"))], options: ImportOptions())
        let graph = try ErrorGraph(db: db, id: "g/a", depth: 5)
        XCTAssertEqual(graph.nodes.map(\.id), ["g/a", "g/b", "g/c", "g/d", "g/missing"])
        XCTAssertEqual(graph.nodes.map(\.depth), [0, 1, 1, 2, 2], "c is one step back from a (c leads to a)")
        XCTAssertNil(graph.nodes.first { $0.id == "g/missing" }?.signature)
        XCTAssertTrue(graph.edges.contains { $0.from == "g/a" && $0.kind == .precededBy && $0.to == "g/c" && !$0.declared })
        XCTAssertTrue(graph.edges.contains { $0.from == "g/c" && $0.kind == .confusedWith && $0.to == "g/d" && $0.declared })
        let shallow = try ErrorGraph(db: db, id: "g/a", depth: 1)
        XCTAssertEqual(shallow.nodes.map(\.id), ["g/a", "g/b", "g/c"])
        XCTAssertEqual(try Statistics(db: db).dangling, [.init(fromID: "g/c", kind: "leads_to", toID: "g/missing")])
    }
}
