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
}
