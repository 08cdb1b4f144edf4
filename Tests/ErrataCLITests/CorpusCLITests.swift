import Foundation
import XCTest

/// The real corpus through the real binary, and the database under
/// concurrent writers, readers and a killed import.
final class CorpusCLITests: XCTestCase {
    func testCorpusImportsWithNoFailuresAndExportsAsCanon() throws {
        try CLI.requireCorpus()
        let cli = try CLI()
        let imported = try cli.run(["import", CLI.canons.path])
        XCTAssertEqual(imported.code, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "imported 2522 records from 2522 files: 2522 inserted, 0 updated, 0 unchanged, 0 failed\n")
        let exported = try cli.run(["export", "--all", "--format", "canon", "--ndjson"])
        XCTAssertEqual(exported.code, 0)
        var byID: [String: NSDictionary] = [:]
        for line in exported.stdoutData.split(separator: UInt8(ascii: "\n")) {
            let object = try JSONSerialization.jsonObject(with: Data(line)) as! NSDictionary
            byID[object["id"] as! String] = object
        }
        XCTAssertEqual(byID.count, 2522)
        var equal = 0
        for file in try FileManager.default.subpathsOfDirectory(atPath: CLI.canons.path) where file.hasSuffix(".json") {
            let original = try JSONSerialization.jsonObject(with: Data(contentsOf: CLI.canons.appendingPathComponent(file))) as! NSDictionary
            if let mine = byID[original["id"] as! String], mine.isEqual(original) { equal += 1 } else { XCTFail("\(file) differs after export") }
        }
        XCTAssertEqual(equal, 2522)
        XCTAssertTrue(try cli.run(["import", CLI.canons.path]).stdout.contains("2522 unchanged"))

        // A reader that goes away after the first bytes (`| head`): errata
        // stops there, exit 0, nothing on stderr (10 MB of output cannot
        // fit in the pipe, so a write does fail).
        for command in ["export --all --ndjson", "export --all", "search --domain python --limit 2000 --format ndjson"] {
            let piped = try cli.run([], runner: ["/bin/bash", "-c", "\"$1\" \(command) | head -c 100 >/dev/null; echo \"${PIPESTATUS[0]}\"", "bash"])
            XCTAssertEqual(piped.stdout, "0\n", "\(command): \(piped.stderr)")
            XCTAssertEqual(piped.stderr, "", command)
        }
    }

    func testTwoImportsAtOnceBothLand() throws {
        try CLI.requireCorpus()
        let cli = try CLI()
        // Two halves of the corpus, imported by two processes at the same time.
        let dirs = try FileManager.default.contentsOfDirectory(atPath: CLI.canons.path).sorted()
        let half = dirs.count / 2
        let first = dirs[..<half].map { CLI.canons.appendingPathComponent($0).path }
        let second = dirs[half...].map { CLI.canons.appendingPathComponent($0).path }
        var running: [(Process, String)] = []
        for (i, paths) in [first, second].enumerated() {
            let err = cli.path("err\(i)")
            running.append((try cli.start(["import"] + paths, stderrPath: err), err))
        }
        for (process, err) in running {
            process.waitUntilExit()
            let stderr = try String(contentsOfFile: err, encoding: .utf8)
            XCTAssertEqual(process.terminationStatus, 0, stderr)
            // The one that waits a second or more for the other says so, once; nothing else.
            XCTAssertTrue(stderr.isEmpty || stderr == "errata: \(cli.path("t.db")) is locked by another errata writing to it; waiting up to 60 s (--wait)\n", stderr)
        }
        let stats = try JSONSerialization.jsonObject(with: try cli.run(["stats", "--json"]).stdoutData) as? [String: Any]
        XCTAssertEqual(stats?["records"] as? Int, 2522, "nothing lost")
    }

    func testSearchWorksWhileAnImportRuns() throws {
        try CLI.requireCorpus()
        let cli = try CLI()
        let reference = try CLI.requireReferenceSeed()
        try cli.run(["import", try cli.write("ref.json", reference)])
        let importer = try cli.start(["import", CLI.canons.path])
        var searches = 0
        while importer.isRunning || searches < 3 {
            let result = try cli.run(["search", "certificate verify failed", "--tier", "ai_generated", "--limit", "3"])
            XCTAssertEqual(result.code, 0, "search during import: \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("nginx/ssl-certificate-verify-failed"))
            searches += 1
        }
        importer.waitUntilExit()
        XCTAssertEqual(importer.terminationStatus, 0)
        print("searches answered while importing: \(searches)")
    }

    func testKilledImportLeavesAllOrNothing() throws {
        try CLI.requireCorpus()
        for delay in [0.15, 0.4, 0.8] {
            let cli = try CLI()
            let importer = try cli.start(["import", CLI.canons.path])
            Thread.sleep(forTimeInterval: delay)
            kill(importer.processIdentifier, SIGKILL)
            importer.waitUntilExit()
            let check = try cli.run(["stats", "--json"])
            XCTAssertEqual(check.code, 0, check.stderr)
            let stats = try JSONSerialization.jsonObject(with: check.stdoutData) as? [String: Any]
            let records = stats?["records"] as? Int ?? -1
            XCTAssertTrue(records == 0 || records == 2522, "after SIGKILL at \(delay)s: \(records) records")
            let integrity = Process()
            integrity.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            integrity.arguments = [cli.path("t.db"), "PRAGMA integrity_check"]
            let pipe = Pipe()
            integrity.standardOutput = pipe
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
                try integrity.run()
                integrity.waitUntilExit()
                XCTAssertEqual(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "ok\n")
            }
        }
    }
}
