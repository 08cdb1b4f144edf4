import ArgumentParser
import ErrataKit

/// Shell completion of record ids and domains, from the database the
/// command line names (--db, else $ERRATA_DB, else the default one). A
/// database that does not exist completes nothing and is not created.
enum Completions {
    static let recordIDs = CompletionKind.custom { words, _, prefix in
        values(words, "SELECT id FROM records WHERE id >= ?1 AND id < ?1 || x'ff' ORDER BY id LIMIT 500", prefix)
    }

    static let domains = CompletionKind.custom { words, _, prefix in
        guard let db = database(words) else { return [] }
        // The shell keeps the ones in the case typed.
        return (try? SearchFilters.distinctValues("domain", startingWith: prefix, limit: 500, in: db)) ?? []
    }

    static func values(_ words: [String], _ sql: String, _ prefix: String) -> [String] {
        guard let db = database(words), let rows = try? db.prepare(sql).map([.text(prefix)], { $0.text(0) ?? "" }) else { return [] }
        return rows
    }

    static func database(_ words: [String]) -> Database? {
        var explicit: String?
        for (i, word) in words.enumerated() {
            if word == "--db", i + 1 < words.count { explicit = words[i + 1] }
            if word.hasPrefix("--db=") { explicit = String(word.dropFirst(5)) }
        }
        let location = DatabaseLocation.resolve(explicit: explicit, environment: DatabaseLocation.processEnvironment())
        guard FileSystem.exists(location.path) else { return nil }
        return try? Database(path: location.path, mode: .readOnly, switchToWAL: false)
    }
}
