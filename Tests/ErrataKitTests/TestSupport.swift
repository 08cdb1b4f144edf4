import Foundation
import SharedDataSupport
import XCTest
@testable import ErrataKit

/// Paths of the package and of ../shared (the corpus lives there, never in the project).
enum Fixtures {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let shared: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    /// The reference record of ../shared/seeds, which the project carries byte for byte as a built-in seed.
    static let referenceSeed = packageRoot.appendingPathComponent("seeds/nginx/ssl-certificate-verify-failed.json")
    static let canons = shared.appendingPathComponent("corpus/deadends/canons")
    static let seedsDir = packageRoot.appendingPathComponent("seeds")

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// Skips (with the reason printed) when ../shared/corpus is not there; fails under CI.
    static func requireCorpus() throws {
        try requireShared(canons.path, "the deadends.dev corpus from ../shared/corpus")
    }

    /// The reference seed is in the project (seeds/): nothing to require.
    static func requireReferenceSeed() throws {}

    static func requireShared(_ path: String, _ what: String) throws {
        try SharedData.require(path, what)
    }

    static func tempDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("errata-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A fresh database file with the schema applied.
    static func database() throws -> (Database, URL) {
        let dir = try tempDirectory()
        let path = dir.appendingPathComponent("t.db").path
        return (try ErrataDatabase.open(DatabaseLocation(path: path, isDefault: false)), dir)
    }

    /// A fresh database holding the built-in seeds (no ../shared needed).
    static func seedsDatabase() throws -> Database {
        let (db, _) = try database()
        _ = try Importer(store: RecordStore(db)).importSources(
            Schema.builtinSeeds.map { InputSource.text(name: $0.path, text: $0.text) }, options: ImportOptions())
        return db
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    /// The canon files of the corpus, sorted.
    static func canonFiles() throws -> [String] {
        try DirectoryWalk(canons.path, extensions: [".json"], followLinks: false).files
    }
}
