import Foundation
import XCTest

/// End to end with the real binary: DESIGN's contract for import, export,
/// show, stats, validate and the default database.
final class CoreCLITests: XCTestCase {
    func testReferenceSeedRoundTripsByteForByte() throws {
        let reference = try CLI.requireReferenceSeed()
        let cli = try CLI()
        let packaged = try String(contentsOf: CLI.packageRoot.appendingPathComponent("seeds/nginx/ssl-certificate-verify-failed.json"), encoding: .utf8)
        XCTAssertEqual(packaged, reference, "seeds/ holds the reference seed byte for byte")

        let imported = try cli.run(["--db", "t.db", "import", CLI.packageRoot.appendingPathComponent("seeds").path])
        XCTAssertEqual(imported.code, 0, imported.stderr)
        let exported = try cli.run(["--db", "t.db", "export", "nginx/ssl-certificate-verify-failed"])
        XCTAssertEqual(exported.code, 0)
        XCTAssertFalse(reference.hasSuffix("\n"), "the reference seed ends at its closing brace")
        XCTAssertEqual(exported.stdoutData, Data(reference.utf8), "no newline the file did not have")
        XCTAssertEqual(try cli.run(["--db", "t.db", "export", "nginx/ssl-certificate-verify-failed", "-o", "out.json"]).code, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: cli.path("out.json"))), Data(reference.utf8))

        // Whatever followed the object comes back: a newline, or two.
        for ending in ["\n", "\n\n", ""] {
            let file = try cli.write("ending.json", reference + ending)
            XCTAssertEqual(try cli.run(["--db", "t.db", "import", file]).code, 0)
            let again = try cli.run(["--db", "t.db", "export", "nginx/ssl-certificate-verify-failed"])
            XCTAssertEqual(again.stdoutData, Data((reference + ending).utf8), "ending \(ending.debugDescription)")
        }
    }

    func testReimportChangesNothingAndAChangeReplaces() throws {
        let reference = try CLI.requireReferenceSeed()
        let cli = try CLI()
        let file = try cli.write("ref.json", reference)
        XCTAssertTrue(try cli.run(["import", file]).stdout.contains("1 inserted, 0 updated, 0 unchanged, 0 failed"))
        let again = try cli.run(["import", file])
        XCTAssertTrue(again.stdout.contains("0 inserted, 0 updated, 1 unchanged, 0 failed"), again.stdout)

        try cli.write("ref.json", reference.replacing("\"confidence\": 0.88", with: "\"confidence\": 0.5"))
        XCTAssertTrue(try cli.run(["import", file]).stdout.contains("0 inserted, 1 updated"))
        XCTAssertTrue(try cli.run(["export", "nginx/ssl-certificate-verify-failed"]).stdout.contains("\"confidence\": 0.5,"))
    }

    func testImportFormsAndExportShapes() throws {
        let reference = try CLI.requireReferenceSeed()
        let cli = try CLI()
        let second = reference.replacing("nginx/ssl-certificate-verify-failed", with: "nginx/second-record")
        let ndjson = CLI.oneLine(reference) + "\n\n" + CLI.oneLine(second) + "\n"
        try cli.write("dir/sub/both.ndjson", ndjson)
        try cli.write("dir/ignored.txt", "not json at all")
        let result = try cli.run(["import", cli.path("dir")])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("2 inserted"), result.stdout)

        let stdinImport = try cli.run(["import", "-"], stdin: Data(("[" + reference + "]").utf8))
        XCTAssertTrue(stdinImport.stdout.contains("1 unchanged"), stdinImport.stdout)

        let array = try cli.run(["export", "--all"])
        let parsed = try JSONSerialization.jsonObject(with: array.stdoutData) as? [[String: Any]]
        XCTAssertEqual(parsed?.compactMap { $0["id"] as? String }, ["nginx/second-record", "nginx/ssl-certificate-verify-failed"])
        let lines = try cli.run(["export", "--all", "--ndjson"]).stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let out = try cli.run(["export", "nginx/second-record", "-o", "out.json"])
        XCTAssertEqual(out.code, 0)
        XCTAssertEqual(try String(contentsOfFile: cli.path("out.json"), encoding: .utf8), second + "\n")
        // `-o -` is standard output, as `import -` is standard input; an id named twice is exported once.
        let dash = try cli.run(["export", "nginx/second-record", "nginx/second-record", "-o", "-"])
        XCTAssertEqual(dash.code, 0, dash.stderr)
        XCTAssertEqual(dash.stdout, second + "\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("-")), "no file named -")
        let twice = try cli.run(["export", "nginx/second-record", "nginx/ssl-certificate-verify-failed", "nginx/second-record"])
        let ids = (try JSONSerialization.jsonObject(with: twice.stdoutData) as? [[String: Any]])?.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids, ["nginx/second-record", "nginx/ssl-certificate-verify-failed"])
        XCTAssertEqual(try cli.run(["import", try cli.write("twice.json", twice.stdout)]).code, 0, "the export imports again")
        let missing = try cli.run(["export", "nginx/nope"])
        XCTAssertEqual(missing.code, 1)
        XCTAssertEqual(missing.stderr, "errata: no record with id \"nginx/nope\"\n")
    }

    func testShowStatsAndValidate() throws {
        let reference = try CLI.requireReferenceSeed()
        let cli = try CLI()
        let file = try cli.write("ref.json", reference)
        try cli.run(["import", file])
        let show = try cli.run(["show", "nginx/ssl-certificate-verify-failed"])
        XCTAssertEqual(show.code, 0)
        for expected in ["Root cause", "nginx 1.24.0", "Dead ends: do NOT try", "(fails 95%)", "Workarounds: try these", "proxy_ssl_verify_depth 2;", "(works 85%)"] {
            XCTAssertTrue(show.stdout.contains(expected), "show lacks \(expected)")
        }
        XCTAssertFalse(show.stdout.contains("\u{1B}["), "no colour when not on a terminal")
        XCTAssertEqual(try cli.run(["show", "nginx/missing"]).code, 1)

        let stats = try cli.run(["stats", "--json"])
        let object = try JSONSerialization.jsonObject(with: stats.stdoutData) as? [String: Any]
        XCTAssertEqual(object?["records"] as? Int, 1)
        XCTAssertEqual((object?["by_domain"] as? [String: Int])?["nginx"], 1)

        let valid = try cli.run(["validate", file])
        XCTAssertEqual(valid.code, 0)
        XCTAssertEqual(valid.stdout, "1 valid record in 1 file\n")
        let bad = try cli.write("bad.json", reference.replacing("\"success_rate\": 0.95", with: "\"success_rate\": \"high\""))
        let invalid = try cli.run(["validate", bad])
        XCTAssertEqual(invalid.code, 2)
        XCTAssertEqual(invalid.stderr, "errata: \(bad): $.workarounds[2].success_rate: expected a number between 0 and 1, got a string\n")
    }

    func testDefaultDatabaseIsCreatedWithTheBuiltInSeeds() throws {
        _ = try CLI.requireReferenceSeed()
        var cli = try CLI()
        cli.environment["ERRATA_DB"] = nil
        cli.environment["XDG_DATA_HOME"] = cli.path("xdg")
        let result = try cli.run(["search", "certificate verify failed"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("nginx/ssl-certificate-verify-failed"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: cli.path("xdg/errata/errata.db")))

        // A database named by --db or $ERRATA_DB is not created by a read
        // (a typo must not leave an empty database that finds nothing)...
        for read in [["search", "certificate"], ["match"], ["stats"], ["export", "--all"], ["show", "x/y"], ["chain", "x/y"]] {
            let named = try cli.run(["--db", "dbs/corpsu.db"] + read, stdin: Data("error\n".utf8))
            XCTAssertEqual(named.code, 2, "\(read): \(named.stderr)")
            XCTAssertEqual(named.stderr, "errata: dbs/corpsu.db: no such database (import creates one)\n", "\(read)")
            XCTAssertEqual(named.stdout, "")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("dbs")), "nothing created")
        // ...nor left behind by an import that fails or a dry run...
        let bad = try cli.write("bad.json", "{\"id\": \"a/b\"}")
        XCTAssertEqual(try cli.run(["--db", "new.db", "import", bad]).code, 2)
        XCTAssertEqual(try cli.run(["--db", "new.db", "import", "--dry-run", CLI.packageRoot.appendingPathComponent("seeds").path]).code, 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.hasPrefix("new.db") }
        XCTAssertEqual(left, [], "a new database that received nothing is removed")
        // ...and starts empty when an import creates it.
        let good = try cli.write("good.json", try CLI.requireReferenceSeed())
        XCTAssertEqual(try cli.run(["--db", "new.db", "import", good]).code, 0)
        let listed = try cli.run(["--db", "new.db", "search", "--domain", "nginx", "--limit", "100"])
        XCTAssertEqual(listed.stdout.split(separator: "\n").filter { $0.hasPrefix("nginx/") }.count, 1, listed.stdout)
    }

    /// A first run killed at any moment leaves no database or a complete
    /// one, never an empty one that finds nothing for good.
    func testAKilledFirstRunLeavesNoDatabaseOrAWholeOne() throws {
        let seeds = try FileManager.default.subpathsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("seeds").path)
            .filter { $0.hasSuffix(".json") }.count
        var sawNone = false, sawWhole = false
        for attempt in 0..<16 {
            var cli = try CLI()
            cli.environment["ERRATA_DB"] = nil
            let process = try cli.start(["search", "certificate"])
            usleep(useconds_t(1000 * (1 + attempt * 37 % 400)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let path = cli.path(".local/share/errata/errata.db")
            if FileManager.default.fileExists(atPath: path) {
                sawWhole = true
                let all = try cli.run(["export", "--all", "--ndjson"])
                XCTAssertEqual(all.stdout.split(separator: "\n").count, seeds, "attempt \(attempt): a database that exists is whole")
            } else {
                sawNone = true
            }
            let next = try cli.run(["search", "certificate verify failed"])
            XCTAssertEqual(next.code, 0, "attempt \(attempt): \(next.stderr)")
            XCTAssertTrue(next.stdout.contains("nginx/ssl-certificate-verify-failed"), "attempt \(attempt)")
            let left = try FileManager.default.contentsOfDirectory(atPath: cli.path(".local/share/errata"))
            XCTAssertEqual(left, ["errata.db"], "attempt \(attempt): the killed run's half-built file is gone")
        }
        print("killed first runs: some left no database: \(sawNone), some a whole one: \(sawWhole)")
    }

    func testUsageErrorsExitTwo() throws {
        let cli = try CLI()
        for args in [["import"], ["search"], ["export"], ["frobnicate"], ["search", "x", "--limit", "0"], ["search", "--version", ">="], ["export", "--all", "--format", "xml"]] {
            let result = try cli.run(args)
            XCTAssertEqual(result.code, 2, "\(args): \(result.stderr)")
            XCTAssertFalse(result.stderr.isEmpty, "\(args) says why")
        }
        let help = try cli.run(["--help"])
        XCTAssertEqual(help.code, 0)
        XCTAssertTrue(help.stdout.contains("USAGE"))
    }
}

final class GraphCLITests: XCTestCase {
    func testChainOfALinkedNginxRecordToDepthThree() throws {
        let cli = try CLI()
        try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path])
        let result = try cli.run(["chain", "nginx/ssl-certificate-verify-failed", "--depth", "3"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("nginx/ssl-certificate-verify-failed  SSL: certificate verify failed"), result.stdout)
        for neighbour in ["preceded by   openssl/unable-to-get-local-issuer", "confused with nginx/ssl-wrong-version-number", "nginx/ssl-key-values-mismatch"] {
            XCTAssertTrue(result.stdout.contains(neighbour), "chain lacks \(neighbour)")
        }
        let json = try cli.run(["chain", "nginx/ssl-certificate-verify-failed", "--depth", "3", "--json"])
        let object = try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any]
        let depths = (object?["nodes"] as? [[String: Any]])?.compactMap { $0["depth"] as? Int } ?? []
        XCTAssertEqual(depths.max(), 3)
        XCTAssertEqual(try cli.run(["chain", "nope/nope"]).code, 1)

        let stats = try JSONSerialization.jsonObject(with: try cli.run(["stats", "--json"]).stdoutData) as? [String: Any]
        let dangling = (stats?["dangling"] as? [[String: Any]])?.compactMap { $0["to"] as? String }
        XCTAssertEqual(dangling, ["kubernetes/crashloopbackoff/k8s1-linux"])
        XCTAssertTrue(try cli.run(["show", "kubernetes/oomkilled"]).stdout.contains("kubernetes/crashloopbackoff/k8s1-linux  (not in database)"))
    }
}
