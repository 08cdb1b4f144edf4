import XCTest
@testable import ErrataKit

/// Mutated seed and canon documents through parse + validate + import:
/// every one is imported or rejected with an ImportFailure, none crashes,
/// and the database stays consistent.
final class FuzzTests: XCTestCase {
    func testTenThousandMutatedDocuments() throws {
        try Fixtures.requireReferenceSeed()
        var bases = [try Fixtures.text(Fixtures.referenceSeed)]
        if FileManager.default.fileExists(atPath: Fixtures.canons.path) {
            let files = try Fixtures.canonFiles()
            for i in stride(from: 0, to: files.count, by: 400) {
                bases.append(String(decoding: try FileSystem.readAll(files[i]), as: UTF8.self))
            }
        } else {
            print("SKIPPED part: \(Fixtures.canons.path) is missing; fuzzing the reference seed only")
        }
        var rng = SplitMix64(state: 20261129)
        let (db, _) = try Fixtures.database()
        let importer = Importer(store: RecordStore(db))
        var accepted = 0
        var rejected = 0
        let total = 10_000
        var batch: [InputSource] = []
        for n in 0..<total {
            let base = bases[Int.random(in: 0..<bases.count, using: &rng)]
            batch.append(.bytes(name: "fuzz-\(n).json", bytes: mutate(base, &rng)))
            if batch.count == 250 || n == total - 1 {
                let summary = try importer.importSources(batch, options: ImportOptions(keepGoing: true))
                accepted += summary.records
                rejected += summary.failed
                for failure in summary.failures {
                    XCTAssertFalse(failure.description.contains("SQLite"), failure.description)
                    XCTAssertFalse(failure.message.isEmpty)
                }
                batch = []
            }
        }
        print("fuzz: \(total) mutated documents, \(accepted) records imported, \(rejected) rejected with a message")
        XCTAssertEqual(accepted + rejected, total)
        XCTAssertGreaterThan(rejected, 1000)
        XCTAssertGreaterThan(accepted, 100)
        XCTAssertEqual(try db.prepare("PRAGMA integrity_check").map { $0.text(0) }, ["ok"])
        XCTAssertEqual(try db.scalarInteger("SELECT count(*) FROM records"), try db.scalarInteger("SELECT count(*) FROM records_fts"))
        XCTAssertEqual(try db.prepare("PRAGMA foreign_key_check").map { $0.text(0) }, [])
    }

    private static let fragments = ["null", "true", "-1", "1e999", "\"\"", "[]", "{}", "\"\\ud800\"", "0.5", "\"(a+)+$\"",
                                    "\"2024-13-45\"", "\"x/y\"", "[[[[", "\u{0}", "\"证书\"", "1.0", "\"a/b/c/d\"", ",", "\"(?P<n>x)(?P=n)\""]

    /// Raw bytes, so invalid UTF-8 is part of what gets through.
    private func mutate(_ text: String, _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = Array(text.utf8)
        let rounds = Int.random(in: 1...4, using: &rng)
        for _ in 0..<rounds where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            case 2: bytes[at] = UInt8.random(in: 0x20...0x7E, using: &rng)
            case 3: bytes = Array(bytes[..<at])
            case 4:
                // Replace the value after a colon with another JSON fragment.
                if let colon = bytes[at...].firstIndex(of: UInt8(ascii: ":")),
                   let end = bytes[colon...].firstIndex(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\n") }) {
                    let fragment = Self.fragments[Int.random(in: 0..<Self.fragments.count, using: &rng)]
                    bytes.replaceSubrange((colon + 1)..<end, with: Array((" " + fragment).utf8))
                }
            case 5:
                // Duplicate a line (often a duplicate key).
                if let start = bytes[..<at].lastIndex(of: 0x0A), let end = bytes[at...].firstIndex(of: 0x0A) {
                    bytes.insert(contentsOf: bytes[start..<end], at: end)
                }
            default:
                // Drop a whole line (often a required key).
                if let start = bytes[..<at].lastIndex(of: 0x0A), let end = bytes[at...].firstIndex(of: 0x0A) {
                    bytes.removeSubrange(start..<end)
                }
            }
        }
        return bytes
    }
}
