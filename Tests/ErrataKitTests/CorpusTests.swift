import XCTest
@testable import ErrataKit

/// The deadends.dev corpus (../shared/corpus/deadends, 2,522 canons written
/// by others): every file imports, and comes back out JSON-equal.
final class CorpusTests: XCTestCase {
    func testWholeCorpusImportsAndRoundTrips() throws {
        try Fixtures.requireCorpus()
        let files = try Fixtures.canonFiles()
        XCTAssertEqual(files.count, 2522)
        let (db, _) = try Fixtures.database()
        let store = RecordStore(db)
        let summary = try Importer(store: store).importSources(files.map(InputSource.path), options: ImportOptions())
        XCTAssertEqual(summary.inserted, 2522)
        XCTAssertEqual(summary.failed, 0)
        XCTAssertEqual(try store.count(), 2522)

        var equal = 0
        var seedDocs: [String] = []
        for file in files {
            let original = try FileSystem.readAll(file).withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer) }
            guard let id = original["id"]?.stringValue, let record = try store.load(id: id) else {
                XCTFail("\(file): not in the database")
                continue
            }
            // Member order included: stricter than JSON equality.
            if RecordEncoder.encode(record, as: .canon) == original {
                equal += 1
            } else {
                XCTFail("\(file): canon export differs from the file")
            }
            seedDocs.append(JSONWriter.compact(RecordEncoder.encode(record, as: .seed)))
        }
        print("corpus round trip: \(equal)/\(files.count) canons JSON-equal after import + export --format canon")
        XCTAssertEqual(equal, files.count)

        // The seed form of every canon is a valid seed, and importing it changes nothing.
        let again = try Importer(store: store).importSources([.text(name: "seeds.ndjson", text: seedDocs.joined(separator: "\n"))], options: ImportOptions())
        XCTAssertEqual(again.unchanged, 2522)
        XCTAssertEqual(again.inserted + again.updated, 0)
        let second = try Importer(store: store).importSources(files.map(InputSource.path), options: ImportOptions())
        XCTAssertEqual(second.unchanged, 2522)
    }

    func testEveryCorpusRegexCompiles() throws {
        try Fixtures.requireCorpus()
        var failures: [String] = []
        for file in try Fixtures.canonFiles() {
            let doc = try FileSystem.readAll(file).withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer) }
            if let pattern = doc["error"]?["regex"]?.stringValue, let error = PythonRegex.compileError(pattern) {
                failures.append("\(file): \(error.message)")
            }
        }
        XCTAssertEqual(failures, [])
    }
}
