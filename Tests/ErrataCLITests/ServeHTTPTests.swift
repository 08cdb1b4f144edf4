import Foundation
import XCTest

/// `errata serve` through the real binaries on a loopback port: every
/// endpoint's answer against the CLI's own for the same question, the
/// error statuses, pages, writes, and the database left as it was.
final class ServeHTTPTests: XCTestCase {
    var cli: CLI!
    static let referenceID = "nginx/ssl-certificate-verify-failed"

    override func setUpWithError() throws {
        cli = try RunningServer.seededCLI()
    }

    func tokenFile() throws -> (path: String, token: String) {
        let token = "t0k3n-" + UUID().uuidString
        return (try cli.write("token", token + "\n"), token)
    }

    func testEveryReadEndpointAnswersAsTheCLIDoes() throws {
        let server = try RunningServer(cli, [])
        let http = server.client

        XCTAssertEqual(try http.get("/healthz").object["status"] as? String, "ok")

        // Search: the hits are the CLI's --json hits, in the same order.
        let search = try http.get("/api/v1/search?q=certificate+verify+failed&limit=5")
        XCTAssertEqual(search.status, 200)
        XCTAssertEqual(search.header("Content-Type"), "application/json")
        let cliHits = try JSONSerialization.jsonObject(with: cli.run(["search", "certificate", "verify", "failed", "--limit", "5", "--json"]).stdoutData) as? [[String: Any]]
        let apiHits = search.object["hits"] as? [[String: Any]]
        XCTAssertEqual(apiHits?.map { $0["id"] as? String }, cliHits?.map { $0["id"] as? String })
        XCTAssertTrue(apiHits?.contains { $0["id"] as? String == Self.referenceID } ?? false, search.text)
        XCTAssertEqual(apiHits.map { NSArray(array: $0) }, cliHits.map { NSArray(array: $0) })
        XCTAssertGreaterThanOrEqual(search.object["total"] as? Int ?? 0, apiHits?.count ?? 0)
        // Two seeds have all three words; the others have some, and a note says where they start.
        XCTAssertEqual(search.object["every_word"] as? Int, 2, search.text)
        XCTAssertEqual(search.object["notes"] as? [String], ["2 records have all of the words; the records after them have some of them"], search.text)

        // A product and version in the words is read as the filter, and said so.
        let phrased = try http.get("/api/v1/search?q=nginx+1.24+upstream")
        XCTAssertEqual((phrased.object["reading"] as? [String: Any])?["affects"] as? String, "nginx 1.24", phrased.text)

        // Match: the reference line finds the reference record, as the CLI does.
        let match = try http.send("POST", "/api/v1/match?limit=2", body: Data((MatchCLITests.nginxLine + "\n").utf8))
        XCTAssertEqual(match.status, 200, match.text)
        XCTAssertEqual(match.object["answered"] as? Bool, true)
        let matchHits = match.object["hits"] as? [[String: Any]]
        let cliMatch = try JSONSerialization.jsonObject(with: cli.run(["match", "--limit", "2", "--json"], stdin: Data((MatchCLITests.nginxLine + "\n").utf8)).stdoutData) as? [[String: Any]]
        XCTAssertEqual(matchHits?.first?["id"] as? String, Self.referenceID)
        XCTAssertEqual(matchHits?.map { $0["id"] as? String }, cliMatch?.map { $0["id"] as? String })
        XCTAssertEqual(matchHits?.map { $0["confidence"] as? Double }, cliMatch?.map { $0["confidence"] as? Double })
        // A body with Windows line ends reads the same lines.
        let crlf = try http.send("POST", "/api/v1/match?limit=2", body: Data(("starting\r\n" + MatchCLITests.nginxLine + "\r\ndone\r\n").utf8))
        let crlfHits = crlf.object["hits"] as? [[String: Any]]
        XCTAssertEqual(crlfHits?.first?["id"] as? String, Self.referenceID, crlf.text)
        XCTAssertEqual(crlfHits?.first?["line_number"] as? Int, 2, crlf.text)
        // So does a file PowerShell wrote (UTF-16 with a byte order mark), sent as it is.
        let powerShell: [UInt8] = [0xFF, 0xFE] + ("starting\r\n" + MatchCLITests.nginxLine + "\r\ndone\r\n").utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16 = try http.send("POST", "/api/v1/match?limit=2", body: Data(powerShell))
        XCTAssertEqual(utf16.object["hits"] as? NSArray, crlf.object["hits"] as? NSArray, utf16.text)

        // A record comes back as export writes it, byte for byte, in either format.
        let record = try http.get("/api/v1/records/" + Self.referenceID)
        XCTAssertEqual(record.status, 200)
        XCTAssertEqual(record.body, try cli.run(["export", Self.referenceID]).stdoutData)
        XCTAssertEqual(try http.get("/api/v1/records/nginx%2Fssl-certificate-verify-failed").body, record.body, "an escaped slash is the same id")
        XCTAssertEqual(try http.get("/api/v1/records/\(Self.referenceID)?format=canon").body,
                       try cli.run(["export", Self.referenceID, "--format", "canon"]).stdoutData)
        XCTAssertEqual(try http.get("/api/v1/records/\(Self.referenceID)/chain?depth=3").json as? NSDictionary,
                       try JSONSerialization.jsonObject(with: cli.run(["chain", Self.referenceID, "--depth", "3", "--json"]).stdoutData) as? NSDictionary)
        XCTAssertEqual(try http.get("/api/v1/stats").json as? NSDictionary,
                       try JSONSerialization.jsonObject(with: cli.run(["stats", "--json"]).stdoutData) as? NSDictionary)
        let domains = try http.get("/api/v1/domains").object["domains"] as? [[String: Any]]
        XCTAssertEqual(domains?.reduce(0) { $0 + ($1["records"] as? Int ?? 0) }, 42)
        XCTAssertEqual(domains?.first?["domain"] as? String, "nginx")

        // Export: streamed, the same lines as export --all --ndjson.
        let export = try http.get("/api/v1/export.ndjson")
        XCTAssertEqual(export.header("Content-Type"), "application/x-ndjson")
        XCTAssertEqual(export.body, try cli.run(["export", "--all", "--ndjson"]).stdoutData)

        let document = try http.get("/api/v1/openapi.json").object
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
        XCTAssertEqual((document["paths"] as? [String: Any])?.count, 10)

        // HEAD: the headers of GET, no body.
        let head = try http.send("HEAD", "/api/v1/records/" + Self.referenceID)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.body.count, 0)

        XCTAssertEqual(server.stop(), 0)
        XCTAssertTrue(server.stderr.contains("GET /api/v1/search?q=certificate+verify+failed&limit=5 200 "), server.stderr)
        XCTAssertTrue(server.stderr.contains("stopped"), server.stderr)
    }

    func testBadRequestsGetTheirStatusAndLeaveTheDatabaseAlone() throws {
        let before = try cli.run(["export", "--all", "--ndjson"]).stdoutData
        let (tokenPath, token) = try tokenFile()
        let server = try RunningServer(cli, ["--write-token-file", tokenPath])
        let http = server.client
        func expect(_ status: Int, _ method: String, _ target: String, body: Data? = nil, headers: [String: String] = [:],
                    saying words: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let response = try http.send(method, target, body: body, headers: headers)
            XCTAssertEqual(response.status, status, "\(method) \(target): \(response.text)", file: file, line: line)
            let message = response.object["error"] as? String ?? ""
            XCTAssertTrue(message.contains(words), "\(method) \(target): \(response.text)", file: file, line: line)
            XCTAssertFalse(message.contains("\n"), file: file, line: line)
            XCTAssertEqual(response.header("Content-Type"), "application/json", file: file, line: line)
        }
        let auth = ["Authorization": "Bearer " + token]
        try expect(400, "GET", "/api/v1/search?q=ssl&limit=0", saying: "limit must be a whole number from 1 to 100")
        try expect(400, "GET", "/api/v1/search?q=ssl&limt=3", saying: "did you mean \"limit\"")
        try expect(400, "GET", "/api/v1/search?q=ssl&domain=ngnix", saying: "nginx")
        try expect(400, "GET", "/api/v1/search?q=ssl&version=nginx%3E%3E1", saying: "affects")
        try expect(400, "GET", "/api/v1/records/\(Self.referenceID)?format=yaml", saying: "format must be seed or canon")
        try expect(400, "POST", "/api/v1/match", body: Data(), saying: "the body is empty")
        try expect(404, "GET", "/api/v1/records/nginx/ssl-certificate-verify-faild", saying: Self.referenceID)
        try expect(404, "GET", "/api/v1/records/nginx/nope/chain", saying: "no record with id")
        try expect(404, "GET", "/api/v1/nothing-here", saying: "no such page")
        try expect(405, "PUT", "/api/v1/search", saying: "allowed: GET, HEAD")
        try expect(405, "GET", "/api/v1/match", saying: "allowed: POST")
        try expect(413, "POST", "/api/v1/match", body: Data(count: 10 << 20 + 1), saying: "larger than 10 MiB")
        try expect(401, "POST", "/api/v1/records", body: Data("{}".utf8), saying: "Authorization: Bearer")
        try expect(401, "DELETE", "/api/v1/records/" + Self.referenceID, headers: ["Authorization": "Bearer wrong-token-of-some-length"], saying: "Bearer")
        try expect(400, "POST", "/api/v1/records", body: Data(#"{"id": "x/y"}"#.utf8), headers: auth, saying: "body: $.signature")
        try expect(400, "POST", "/api/v1/records/\(Self.referenceID)/outcomes", body: Data("not json".utf8), headers: auth, saying: "JSON object")
        try expect(400, "POST", "/api/v1/records/\(Self.referenceID)/outcomes", body: Data(#"{"workaround": "9", "result": "worked"}"#.utf8),
                   headers: auth, saying: "has no workaround 9")
        try expect(404, "DELETE", "/api/v1/records/nginx/nope", headers: auth, saying: "no record with id")
        XCTAssertEqual(try http.send("PUT", "/api/v1/search").header("Allow"), "GET, HEAD")
        XCTAssertEqual(try http.send("POST", "/api/v1/records", body: Data("{}".utf8)).header("WWW-Authenticate"), "Bearer")
        // A second server on the same port: one line, exit 2.
        let clash = try cli.run(["serve", "--port", String(http.port)], timeout: 30)
        XCTAssertEqual(clash.code, 2)
        XCTAssertEqual(clash.stderr, "errata serve: cannot listen on 127.0.0.1:\(http.port): Address already in use (errno: 98)\n")
        XCTAssertEqual(server.stop(), 0)
        XCTAssertEqual(try cli.run(["export", "--all", "--ndjson"]).stdoutData, before)
        XCTAssertEqual(try cli.run(["outcomes", "export"]).stdout, "")

        // Writes are refused outright without a token file, and on a read-only server.
        for arguments in [[String](), ["--read-only"]] {
            let other = try RunningServer(cli, arguments, name: "other")
            let response = try other.client.send("DELETE", "/api/v1/records/" + Self.referenceID, headers: auth)
            XCTAssertEqual(response.status, 403, response.text)
            XCTAssertTrue((response.object["error"] as? String ?? "").contains(arguments.isEmpty ? "--write-token-file" : "read-only"), response.text)
            XCTAssertEqual(other.stop(), 0)
        }
        XCTAssertEqual(try cli.run(["export", "--all", "--ndjson"]).stdoutData, before)
    }

    func testWritesWithTheTokenAreAllOrNothing() throws {
        let (tokenPath, token) = try tokenFile()
        let server = try RunningServer(cli, ["--write-token-file", tokenPath])
        let http = server.client
        let auth = ["Authorization": "Bearer " + token]
        let reference = try CLI.requireReferenceSeed()
        let copy = reference.replacingOccurrences(of: "\"id\": \"\(Self.referenceID)\"", with: "\"id\": \"nginx/served-copy\"")
        let broken = reference.replacingOccurrences(of: "\"id\": \"\(Self.referenceID)\"", with: "\"id\": \"nginx/served-broken\"")
            .replacingOccurrences(of: "\"domain\": \"nginx\"", with: "\"domain\": 7")
        let ndjson = [copy, broken].map { CLI.oneLine($0) }.joined(separator: "\n") + "\n"

        let refused = try http.send("POST", "/api/v1/records", body: Data(ndjson.utf8), headers: auth)
        XCTAssertEqual(refused.status, 400, refused.text)
        XCTAssertTrue((refused.object["error"] as? String ?? "").contains("$.domain"), refused.text)
        XCTAssertEqual(try http.get("/api/v1/records/nginx/served-copy").status, 404, "nothing of a refused import is kept")

        let dry = try http.send("POST", "/api/v1/records?dry_run=true", body: Data(copy.utf8), headers: auth)
        XCTAssertEqual(dry.object["inserted"] as? Int, 1, dry.text)
        XCTAssertEqual(try http.get("/api/v1/records/nginx/served-copy").status, 404)

        let imported = try http.send("POST", "/api/v1/records", body: Data(copy.utf8), headers: auth)
        XCTAssertEqual(imported.status, 200, imported.text)
        XCTAssertEqual(imported.object["inserted"] as? Int, 1)
        XCTAssertEqual(try http.get("/api/v1/records/nginx/served-copy").text, copy)
        XCTAssertEqual(try cli.run(["export", "nginx/served-copy"]).stdout, copy, "the CLI sees what the server wrote")

        let outcome = try http.send("POST", "/api/v1/records/nginx/served-copy/outcomes", body: Data(#"{"workaround": 2, "result": "worked", "note": "staging"}"#.utf8), headers: auth)
        XCTAssertEqual(outcome.status, 200, outcome.text)
        XCTAssertEqual(outcome.object["number"] as? Int, 2)
        XCTAssertEqual(outcome.object["worked"] as? Int, 1)
        XCTAssertTrue(try cli.run(["show", "nginx/served-copy"]).stdout.contains("here 1 of 1 worked"))

        let deleted = try http.send("DELETE", "/api/v1/records/nginx/served-copy", headers: auth)
        XCTAssertEqual(deleted.object["deleted"] as? [String], ["nginx/served-copy"], deleted.text)
        XCTAssertEqual(try http.get("/api/v1/records/nginx/served-copy").status, 404)
        XCTAssertEqual(server.stop(), 0)

        // When the server stops, the file is back in rollback-journal mode with no WAL beside it.
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("t.db-wal")))
        XCTAssertEqual(try Self.journalVersions(cli.path("t.db")), [1, 1], "file header: rollback journal, not WAL (2, 2)")
    }

    /// The file header's write and read versions: 1 for a rollback journal, 2 for WAL.
    static func journalVersions(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path))[18...19])
    }

    /// Answers are kept while the database is unchanged, and only so: a
    /// write by the server, or by another process, is seen by the next
    /// question asked again.
    func testKeptAnswersFollowEveryWrite() throws {
        let (tokenPath, token) = try tokenFile()
        let server = try RunningServer(cli, ["--write-token-file", tokenPath])
        let http = server.client
        func total() throws -> Int? { try http.get("/api/v1/search?q=zebrafish").object["total"] as? Int }
        func records() throws -> Int? { try http.get("/api/v1/stats").object["records"] as? Int }
        XCTAssertEqual(try total(), 0)
        XCTAssertEqual(try total(), 0)
        XCTAssertEqual(try records(), 42)
        let reference = try CLI.requireReferenceSeed()
        let zebra = reference.replacingOccurrences(of: "\"id\": \"\(Self.referenceID)\"", with: "\"id\": \"nginx/zebrafish\"")
            .replacingOccurrences(of: "SSL: certificate verify failed while SSL handshaking to upstream", with: "zebrafish handshake failed")
        // Another process writes: the CLI.
        XCTAssertEqual(try cli.run(["import", try cli.write("zebra.json", zebra)]).code, 0)
        XCTAssertEqual(try total(), 1, "an import by the CLI is seen at once")
        XCTAssertEqual(try records(), 43)
        XCTAssertEqual(try cli.run(["delete", "nginx/zebrafish"]).code, 0)
        XCTAssertEqual(try total(), 0, "a delete by the CLI too")
        // The server writes.
        XCTAssertEqual(try http.send("POST", "/api/v1/records", body: Data(zebra.utf8), headers: ["Authorization": "Bearer " + token]).status, 200)
        XCTAssertEqual(try total(), 1)
        let match = { try http.send("POST", "/api/v1/match", body: Data("zebrafish handshake failed\n".utf8)).object["hits"] as? [[String: Any]] }
        XCTAssertEqual(try match()?.first?["id"] as? String, "nginx/zebrafish")
        XCTAssertEqual(try http.send("DELETE", "/api/v1/records/nginx/zebrafish", headers: ["Authorization": "Bearer " + token]).status, 200)
        XCTAssertNotEqual(try match()?.first?["id"] as? String, "nginx/zebrafish")
        XCTAssertEqual(try total(), 0)
        XCTAssertEqual(server.stop(), 0)
    }

    /// --time-limit: a request whose database work runs longer is stopped
    /// with a 503 (an import of the 2,522 canons, which takes the debug
    /// build several seconds, against a limit of one), its transaction
    /// rolled back, and the server goes on answering.
    func testTheTimeLimitStopsALongRequest() throws {
        try CLI.requireCorpus()
        var body = Data()
        let files = FileManager.default.enumerator(at: CLI.canons, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "json" { body += try Data(contentsOf: file) + Data("\n".utf8) }
        XCTAssertGreaterThan(body.count, 4 << 20)
        let (tokenPath, token) = try tokenFile()
        let server = try RunningServer(cli, ["--write-token-file", tokenPath, "--time-limit", "1"])
        let response = try server.client.send("POST", "/api/v1/records", body: body, headers: ["Authorization": "Bearer " + token])
        XCTAssertEqual(response.status, 503, response.text)
        XCTAssertEqual(response.object["error"] as? String, "the request took longer than 1 s and was stopped")
        XCTAssertEqual(try server.client.get("/api/v1/stats").object["records"] as? Int, 42, "nothing of it was imported")
        XCTAssertEqual(try server.client.get("/api/v1/search?q=certificate+verify").status, 200)
        XCTAssertEqual(server.stop(), 0)
        XCTAssertEqual(try cli.run(["check"]).code, 0)
    }

    func testSnapshotOfALiveDatabaseServesReadOnly() throws {
        let (tokenPath, token) = try tokenFile()
        let server = try RunningServer(cli, ["--write-token-file", tokenPath])
        let copy = try CLI.requireReferenceSeed().replacingOccurrences(of: "\"id\": \"\(Self.referenceID)\"", with: "\"id\": \"nginx/in-wal\"")
        XCTAssertEqual(try server.client.send("POST", "/api/v1/records", body: Data(copy.utf8), headers: ["Authorization": "Bearer " + token]).status, 200)

        // The server holds the file open in WAL mode: the snapshot still has the new record.
        let made = try cli.run(["snapshot", cli.path("snap.db")])
        XCTAssertEqual(made.code, 0, made.stderr)
        XCTAssertTrue(made.stdout.hasPrefix("wrote \(cli.path("snap.db")): 43 records"), made.stdout)
        XCTAssertEqual(try cli.run(["snapshot", cli.path("snap.db")]).code, 2, "a snapshot does not overwrite without --force")
        XCTAssertEqual(server.stop(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("snap.db-wal")))
        XCTAssertEqual(try Self.journalVersions(cli.path("snap.db")), [1, 1])

        let replica = try RunningServer(cli, ["--read-only", "--db", cli.path("snap.db")], name: "replica")
        XCTAssertEqual(try replica.client.get("/api/v1/records/nginx/in-wal").text, copy)
        XCTAssertEqual(try replica.client.get("/api/v1/export.ndjson").body, try cli.run(["export", "--all", "--ndjson"]).stdoutData)
        XCTAssertEqual(try replica.client.send("DELETE", "/api/v1/records/nginx/in-wal").status, 403)
        XCTAssertEqual(replica.stop(), 0)
    }

    /// SIGTERM while a request is still arriving: the request is answered,
    /// then the server exits 0 with the WAL folded back.
    func testShutdownFinishesTheRequestInFlight() throws {
        let server = try RunningServer(cli, [])
        let http = server.client
        let body = Data((MatchCLITests.nginxLine + "\n").utf8)
        let socket = try http.connect()
        defer { close(socket) }
        try http.write(socket, http.head("POST", "/api/v1/match", bodyLength: body.count, headers: [:]))
        try http.write(socket, body.prefix(10))
        Thread.sleep(forTimeInterval: 0.3)
        kill(server.process.processIdentifier, SIGTERM)
        Thread.sleep(forTimeInterval: 0.3)
        try http.write(socket, body.dropFirst(10))
        let response = try http.read(socket)
        XCTAssertEqual(response.status, 200, response.text)
        XCTAssertEqual((response.object["hits"] as? [[String: Any]])?.first?["id"] as? String, Self.referenceID)
        XCTAssertEqual(server.stop(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("t.db-wal")))
        XCTAssertThrowsError(try http.get("/healthz"), "the server is gone")
    }
}
