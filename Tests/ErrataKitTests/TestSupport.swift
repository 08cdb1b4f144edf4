import Foundation
import XCTest
@testable import ErrataKit

/// Paths of the package and of ../shared (the corpus lives there, never in the project).
enum Fixtures {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let shared: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let referenceSeed = shared.appendingPathComponent("seeds/000_88a4e78179a75d18.txt")
    static let canons = shared.appendingPathComponent("corpus/deadends/canons")
    static let seedsDir = packageRoot.appendingPathComponent("seeds")

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// Skips (with the reason printed) when ../shared/corpus is not there.
    static func requireCorpus() throws {
        guard FileManager.default.fileExists(atPath: canons.path) else {
            throw XCTSkip("SKIPPED: \(canons.path) is missing; this test needs the deadends.dev corpus from ../shared/corpus")
        }
    }

    static func requireReferenceSeed() throws {
        guard FileManager.default.fileExists(atPath: referenceSeed.path) else {
            throw XCTSkip("SKIPPED: \(referenceSeed.path) is missing; this test needs ../shared/seeds")
        }
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

    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    /// The canon files of the corpus, sorted.
    static func canonFiles() throws -> [String] {
        try FileSystem.files(under: canons.path, extensions: [".json"])
    }
}
