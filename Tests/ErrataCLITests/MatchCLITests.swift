import Foundation
import XCTest

final class MatchCLITests: XCTestCase {
    static let nginxLine = #"2026/11/28 21:14:03 [error] 2231#2231: *10453 SSL: certificate verify failed while SSL handshaking to upstream, client: 203.0.113.7, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "https://10.0.3.12:8443/v1/orders""#

    func testNginxLineGivesTheReferenceRecordWithDeadEndsAndWorkarounds() throws {
        let reference = try CLI.requireReferenceSeed()
        let cli = try CLI()
        try cli.run(["import", try cli.write("ref.json", reference)])
        let human = try cli.run(["match"], stdin: Data((Self.nginxLine + "\n").utf8))
        XCTAssertEqual(human.code, 0, human.stderr)
        XCTAssertTrue(human.stdout.hasPrefix("1. nginx/ssl-certificate-verify-failed"), human.stdout)
        for expected in ["matched: 2026/11/28 21:14:03 [error]", "Dead ends: do NOT try", "fails 95%", "Workarounds: try these", "proxy_ssl_trusted_certificate", "works 90%"] {
            XCTAssertTrue(human.stdout.contains(expected), "match output lacks \(expected)")
        }

        let logFile = try cli.write("error.log", "2026/11/28 21:14:02 [notice] 1#1: signal process started\n" + Self.nginxLine + "\n")
        let json = try cli.run(["match", "--json", logFile])
        let hits = try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]]
        XCTAssertEqual(hits?.first?["id"] as? String, "nginx/ssl-certificate-verify-failed")
        XCTAssertEqual(hits?.first?["line"] as? String, Self.nginxLine)
        XCTAssertEqual((hits?.first?["dead_ends"] as? [Any])?.count, 3)
        XCTAssertEqual((hits?.first?["workarounds"] as? [Any])?.count, 3)
        for key in ["domain", "category", "signature", "score"] { XCTAssertNotNil(hits?.first?[key]) }

        let nothing = try cli.run(["match"], stdin: Data("all good, 200 OK\n".utf8))
        XCTAssertEqual(nothing.code, 1)
        XCTAssertEqual(try cli.run(["match", cli.path("missing.log")]).code, 2)
    }

    func testCatastrophicRegexCannotHangMatch() throws {
        let reference = try CLI.requireReferenceSeed()
        let cli = try CLI()
        try cli.run(["import", try cli.write("ref.json", reference)])
        let evil = #"{"id": "test/evil-regex", "signature": "aaaa", "regex": "(a+)+$", "domain": "test"}"#
        XCTAssertEqual(try cli.run(["import", try cli.write("evil.json", evil)]).code, 0)
        var log = ""
        for i in 0..<2000 { log += String(repeating: "a", count: 20 + i % 60) + "!\n" }
        log += Self.nginxLine + "\n"
        for i in 0..<2000 { log += "error " + String(repeating: "a", count: 20 + i % 60) + "!\n" }
        let result = try cli.run(["match", try cli.write("evil.log", log)])
        XCTAssertEqual(result.code, 0)
        XCTAssertTrue(result.stdout.hasPrefix("1. nginx/ssl-certificate-verify-failed"), result.stdout)
        XCTAssertTrue(result.stderr.contains("test/evil-regex gave up"), result.stderr)
    }

    /// No built-in seed is about Go: a nil-pointer panic gets no answer,
    /// only the nearest records marked as not a match, and exit 1.
    func testOutputThatNoRecordExplainsGetsNoAnswer() throws {
        var cli = try CLI()
        cli.environment["ERRATA_DB"] = nil  // the default database, with the built-in seeds
        let panic = """
            panic: runtime error: invalid memory address or nil pointer dereference
            [signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a2f1c]

            goroutine 1 [running]:
            main.(*Server).handle(0x0, {0x5c1e20, 0xc0000a2000})
            \t/home/dev/api/server.go:42 +0x1c
            main.main()
            \t/home/dev/api/main.go:17 +0x85
            exit status 2
            """
        let human = try cli.run(["match"], stdin: Data(panic.utf8))
        XCTAssertEqual(human.code, 1, human.stdout + human.stderr)
        XCTAssertTrue(human.stderr.contains("no record explains this output"), human.stderr)
        XCTAssertFalse(human.stdout.contains("Dead ends: do NOT try"), "no advice from a record that does not fit: \(human.stdout)")
        let json = try cli.run(["match", "--json"], stdin: Data(panic.utf8))
        XCTAssertEqual(json.code, 1)
        let hits = try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]] ?? []
        XCTAssertTrue(hits.allSatisfy { $0["confident"] as? Bool == false }, "\(hits.map { $0["id"] ?? "" })")
        XCTAssertTrue(hits.allSatisfy { ($0["confidence"] as? Double).map { $0 >= 0 && $0 <= 1 } ?? false })

        // The same command on the reference error answers, confidently.
        let nginx = try cli.run(["match", "--json"], stdin: Data((Self.nginxLine + "\n").utf8))
        XCTAssertEqual(nginx.code, 0, nginx.stderr)
        let found = try JSONSerialization.jsonObject(with: nginx.stdoutData) as? [[String: Any]] ?? []
        XCTAssertEqual(found.first?["id"] as? String, "nginx/ssl-certificate-verify-failed")
        XCTAssertEqual(found.first?["confident"] as? Bool, true)
        XCTAssertEqual(found.first?["variants"] as? [String], ["nginx/ssl-certificate-verify-failed"])
    }

    /// A single 8 MB line that ends in an nginx error: found, with a note
    /// that the line was read by its ends.
    func testTheEndOfAVeryLongLineIsFound() throws {
        let cli = try CLI()
        try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path])
        let line = String(repeating: "GET /static/app.js 200 ", count: 350_000)
            + "2026/11/29 10:00:00 [error] 1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1"
        let result = try cli.run(["match", try cli.write("one-line.log", line)])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("1. nginx/upstream-connection-refused"), result.stdout.prefix(300).description)
        XCTAssertEqual(result.stderr, "errata: note: 1 line longer than 2000 characters (the longest \(line.utf8.count) bytes) was read by its first and last 1000\n")
    }

    /// What Windows writes: PowerShell's `>` gives UTF-16 with a byte order
    /// mark and \r\n, Notepad UTF-8 with a mark. Each is read as the same
    /// log in UTF-8 (before, UTF-16 found nothing: "no record explains this output").
    func testWindowsEncodingsReadAsTheSameLog() throws {
        let cli = try CLI()
        try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path])
        let lines = ["PS C:\\app> python main.py", "Traceback (most recent call last):", "  File \"main.py\", line 1, in <module>",
                     "ModuleNotFoundError: No module named 'requests'"]
        let unixPath = try cli.write("unix.log", lines.joined(separator: "\n") + "\n")
        let unix = try cli.run(["match", "--json", unixPath])
        XCTAssertEqual(unix.code, 0, unix.stderr)
        let windows = lines.joined(separator: "\r\n") + "\r\n"
        let utf16: [UInt8] = [0xFF, 0xFE] + windows.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let files = [try cli.write("powershell.log", Data(utf16)), try cli.write("notepad.log", Data([0xEF, 0xBB, 0xBF] + Array(windows.utf8)))]
        for file in files {
            let result = try cli.run(["match", "--json", file])
            XCTAssertEqual(result.code, 0, file + ": " + result.stderr)
            XCTAssertEqual(result.stdout.replacingOccurrences(of: file, with: "FILE"), unix.stdout.replacingOccurrences(of: unixPath, with: "FILE"), file)
        }
        let piped = try cli.run(["match", "--json"], stdin: Data(utf16))
        XCTAssertEqual((try JSONSerialization.jsonObject(with: piped.stdoutData) as? [[String: Any]])?.first?["line"] as? String, lines[3])
        // A mark in front of the error line itself is not part of it.
        let marked = try cli.run(["match", "--json"], stdin: Data([0xEF, 0xBB, 0xBF] + Array((lines[3] + "\n").utf8)))
        XCTAssertEqual((try JSONSerialization.jsonObject(with: marked.stdoutData) as? [[String: Any]])?.first?["line"] as? String, lines[3])
    }

    /// Where the matched line came from, how often, the lines around it;
    /// and --min-confidence in place of the fitted threshold.
    func testMatchedLineNamesItsPlaceAndContext() throws {
        let cli = try CLI()
        try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path])
        let log = try cli.write("error.log", [
            "2026/11/28 21:14:02 [notice] 1#1: signal process started", "worker ready",
            Self.nginxLine, "retrying upstream", "giving up", Self.nginxLine,
        ].joined(separator: "\n") + "\n")
        // Wide enough that the matched line is shown whole (it is cut at two terminal lines).
        let human = try cli.run(["match", "-C", "2", log], environment: ["COLUMNS": "160"])
        XCTAssertEqual(human.code, 0, human.stderr)
        XCTAssertTrue(human.stdout.contains("""
                 | 2026/11/28 21:14:02 [notice] 1#1: signal process started
                 | worker ready
               matched: \(Self.nginxLine)  (\(log):3, 2 times)
                 | retrying upstream
                 | giving up

            """), human.stdout)

        let json = try cli.run(["match", "--json", "--context", "1", log])
        let hit = try XCTUnwrap((try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])?.first)
        XCTAssertEqual(hit["source"] as? String, log)
        XCTAssertEqual(hit["line_number"] as? Int, 3)
        XCTAssertEqual(hit["occurrences"] as? Int, 2)
        XCTAssertEqual(hit["before"] as? [String], ["worker ready"])
        XCTAssertEqual(hit["after"] as? [String], ["retrying upstream"])
        let stdin = try cli.run(["match", "--json"], stdin: Data((Self.nginxLine + "\n").utf8))
        XCTAssertEqual((try JSONSerialization.jsonObject(with: stdin.stdoutData) as? [[String: Any]])?.first?["source"] as? String, "stdin")

        let confidence = try XCTUnwrap(hit["confidence"] as? Double)
        XCTAssertEqual(try cli.run(["match", "--min-confidence", String(min(confidence + 0.01, 1)), log]).code, 1, "above its confidence: no answer")
        XCTAssertEqual(try cli.run(["match", "--min-confidence", String(max(confidence - 0.01, 0)), log]).code, 0)
        XCTAssertEqual(try cli.run(["match", "--min-confidence", "2", log]).code, 2)
    }
}
