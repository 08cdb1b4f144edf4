import Foundation
import XCTest

/// The web pages of `errata serve`, untrusted record text in them, many
/// clients during an import, and the checks by tools not ours
/// (schemathesis, openapi-spec-validator, a real Chromium).
final class ServePageTests: XCTestCase {
    var cli: CLI!
    static let referenceID = ServeHTTPTests.referenceID

    override func setUpWithError() throws {
        cli = try RunningServer.seededCLI()
    }

    /// Text written on Windows ("\r\n") breaks its paragraph on the page as "\n" does.
    func testLineBreaksWrittenOnWindowsAreLineBreaksOnTheRecordPage() throws {
        let windows = try CLI.requireReferenceSeed().replacing(Self.referenceID, with: "nginx/written-on-windows")
            .replacing("due to CA mismatch, ", with: "due to CA mismatch,\\r\\n")
        XCTAssertEqual(try cli.run(["import", try cli.write("windows.json", windows)]).code, 0)
        let server = try RunningServer(cli, [])
        let page = try server.client.get("/records/nginx/written-on-windows").text
        XCTAssertTrue(page.contains("due to CA mismatch,<br>expired certificate"), page)
        XCTAssertFalse(page.utf8.contains(0x0D), page)
    }

    func testPagesWorkWithoutJavaScript() throws {
        let server = try RunningServer(cli, [])
        let http = server.client

        let home = try http.get("/")
        XCTAssertEqual(home.status, 200)
        XCTAssertEqual(home.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertTrue(home.header("Content-Security-Policy")?.contains("script-src 'self'") ?? false)
        XCTAssertTrue(home.text.contains("<form class=\"searchbar\" action=\"/search\" method=\"get\""))
        XCTAssertTrue(home.text.contains("<form class=\"match\" action=\"/match\" method=\"post\">"))
        XCTAssertTrue(home.text.contains("<a href=\"/domains/nginx\">nginx</a> <span class=\"count\">13</span>"), home.text)

        let results = try http.get("/search?q=certificate+verify+failed+upstream&domain=")
        XCTAssertEqual(results.status, 200)
        let firstLink = results.text.range(of: #"<ol class="hits"[^>]*>\s*<li><a href="/records/[^"]+""#, options: .regularExpression).map { String(results.text[$0]) }
        XCTAssertTrue(firstLink?.hasSuffix("\"/records/\(Self.referenceID)\"") ?? false, firstLink ?? results.text)
        XCTAssertTrue(results.text.contains("<mark>"), "the words are marked in the snippets")
        let unknownProduct = try http.get("/search?q=crash&version=frobnix+16")
        XCTAssertEqual(unknownProduct.status, 200)
        XCTAssertTrue(unknownProduct.text.contains("no record names the product &quot;frobnix&quot;"), unknownProduct.text)
        XCTAssertTrue(unknownProduct.text.contains("No record found."))

        let record = try http.get("/records/" + Self.referenceID)
        XCTAssertEqual(record.status, 200)
        for part in ["SSL: certificate verify failed while SSL handshaking to upstream", "<h2>Root cause</h2>", "do not try",
                     "<h2>Try <small>", "proxy_ssl_trusted_certificate", "nginx 1.24.0", "SSL：在与上游进行SSL握手时证书验证失败",
                     "<a href=\"/domains/nginx\">", "<a href=\"/api/v1/records/\(Self.referenceID)?format=canon\">canon</a>"] {
            XCTAssertTrue(record.text.contains(part), "record page lacks \(part)")
        }
        // The graph: a record links the records it names, with their signatures.
        let linking = try http.get("/records/nginx/ssl-wrong-version-number").text
        XCTAssertTrue(linking.contains("<li>confused with <a href=\"/records/\(Self.referenceID)\">\(Self.referenceID)</a><br><code>SSL: certificate verify failed"), linking)

        let pasted = "text=" + MatchCLITests.nginxLine.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let match = try http.send("POST", "/match", body: Data(pasted.utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
        XCTAssertEqual(match.status, 200, match.text)
        XCTAssertTrue(match.text.contains("<h2>1. <a href=\"/records/\(Self.referenceID)\">"), match.text)
        XCTAssertTrue(match.text.contains(HTMLText.escape(MatchCLITests.nginxLine)), "the paste is kept in the box")
        let nothing = try http.send("POST", "/match", body: Data("text=zzqx+vvbn".utf8))
        XCTAssertTrue(nothing.text.contains("No record explains this output"), nothing.text)

        let domain = try http.get("/domains/nginx")
        XCTAssertEqual(domain.text.components(separatedBy: "<li><a href=\"/records/nginx/").count - 1, 13)
        XCTAssertEqual(try http.get("/static/style.css").header("Content-Type"), "text/css; charset=utf-8")
        XCTAssertTrue(try http.get("/static/search.js").text.contains("textContent"))

        let missing = try http.get("/records/nginx/ssl-certificate-verify-faild")
        XCTAssertEqual(missing.status, 404)
        XCTAssertTrue(missing.text.contains("did you mean"), missing.text)
        XCTAssertEqual(try http.get("/static/../../etc/passwd").status, 404)
        XCTAssertEqual(try http.get("/etc/passwd").status, 404)
        XCTAssertEqual(server.stop(), 0)
    }

    /// A record is untrusted input: every text of it is escaped, a
    /// `javascript:` URL is no link, and the pages forbid inline script.
    func testRecordTextRendersInert() throws {
        let hostile = try CLI.requireReferenceSeed()
            .replacingOccurrences(of: "\"id\": \"\(Self.referenceID)\"", with: "\"id\": \"nginx/hostile\"")
            .replacingOccurrences(of: "\"signature\": \"SSL: certificate verify failed while SSL handshaking to upstream\"",
                                  with: "\"signature\": \"hostile <script>alert(1)</script> upstream\"")
            .replacingOccurrences(of: "\"root_cause\": \"Nginx cannot", with: "\"root_cause\": \"\\\"><img src=x onerror=alert(2)> Nginx cannot")
            .replacingOccurrences(of: "\"official_doc_url\": \"http://nginx.org", with: "\"official_doc_url\": \"javascript:alert(3)//nginx.org")
        XCTAssertTrue(hostile.contains("<script>") && hostile.contains("onerror") && hostile.contains("javascript:"))
        let file = try cli.write("hostile.json", hostile)
        XCTAssertEqual(try cli.run(["import", file]).code, 0)
        let server = try RunningServer(cli, [])
        let http = server.client
        for target in ["/records/nginx/hostile", "/search?q=hostile+upstream", "/domains/nginx"] {
            let page = try http.get(target)
            XCTAssertEqual(page.status, 200, target)
            XCTAssertFalse(page.text.contains("<script>alert"), target)
            XCTAssertFalse(page.text.contains("<img"), target)
            XCTAssertFalse(page.text.contains("href=\"javascript:"), target)
            XCTAssertTrue(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), target)
            XCTAssertEqual(page.header("Content-Security-Policy"), "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
                           + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
            XCTAssertEqual(page.header("X-Content-Type-Options"), "nosniff")
        }
        let record = try http.get("/records/nginx/hostile").text
        XCTAssertTrue(record.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        XCTAssertTrue(record.contains("Official documentation: javascript:alert(3)//nginx.org"), "shown as text, not a link")
        // The paste is untrusted too.
        let match = try http.send("POST", "/match", body: Data("text=%3Cscript%3Ealert(4)%3C%2Fscript%3E".utf8))
        XCTAssertFalse(match.text.contains("<script>alert(4)"))
        XCTAssertTrue(match.text.contains("&lt;script&gt;alert(4)&lt;/script&gt;"))
        XCTAssertEqual(server.stop(), 0)
    }

    /// 200 clients at once (200 connections opened, each request sent,
    /// then every answer read), round after round while `errata import`
    /// writes the 2,522 canons: every answer is a 200, and the server sees
    /// the whole import afterwards.
    func testConcurrentClientsWhileAnImportRuns() throws {
        try CLI.requireCorpus()
        let server = try RunningServer(cli, ["--quiet"])
        let http = server.client
        let importer = try cli.start(["import", CLI.canons.path], stderrPath: cli.path("import.log"))
        var statuses: [Int] = []
        var rounds = 0
        repeat {
            let sockets = try (0..<200).map { i -> Int32 in
                let socket = try http.connect()
                let target = i % 2 == 0 ? "/api/v1/search?q=permission+denied&limit=5" : "/records/" + Self.referenceID
                try http.write(socket, http.head("GET", target, bodyLength: nil, headers: [:]))
                return socket
            }
            for socket in sockets {
                statuses.append((try? http.read(socket).status) ?? -1)
                close(socket)
            }
            rounds += 1
        } while importer.isRunning && rounds < 50
        importer.waitUntilExit()
        XCTAssertEqual(importer.terminationStatus, 0, (try? String(contentsOfFile: cli.path("import.log"), encoding: .utf8)) ?? "")
        XCTAssertEqual(statuses.count, 200 * rounds)
        XCTAssertEqual(Set(statuses), [200], "every client answered: \(statuses.filter { $0 != 200 })")
        let stats = try http.get("/api/v1/stats").object
        XCTAssertEqual(stats["records"] as? Int, 42 + 2522, "the server sees the whole import")
        XCTAssertEqual(server.stop(), 0)
        XCTAssertEqual(try cli.run(["check"]).code, 0)
    }

    func testSchemathesisAndTheSpecValidatorAgreeWithTheServer() throws {
        let python = try Self.requireServePython()
        let token = "t0k3n-" + UUID().uuidString
        let server = try RunningServer(cli, ["--write-token-file", try cli.write("token", token), "--quiet"])
        let (code, output) = try cli.runScript(python, "serve-checks.py", ["api", "http://127.0.0.1:\(server.client.port)", token])
        XCTAssertEqual(code, 0, output)
        XCTAssertTrue(output.contains("openapi-spec-validator: valid OpenAPI 3.1.0"), output)
        XCTAssertTrue(output.contains("passed"), output)
        XCTAssertFalse(output.contains("ST100"), "no 5xx")
        XCTAssertEqual(server.stop(), 0)
    }

    /// Headless Chromium: home, search as you type, results, record, match,
    /// a phone-sized page; screenshots in .build/serve-screenshots/.
    func testARealBrowserSearchesOpensARecordAndMatchesAPaste() throws {
        let python = try Self.requireServePython()
        try CLI.requireShared("/usr/bin/chromium", "Debian's chromium (`bash .ci/run` installs it)")
        try CLI.requireShared("/usr/bin/chromedriver", "Debian's chromium-driver (`bash .ci/run` installs it)")
        let server = try RunningServer(cli, ["--quiet"])
        let shots = CLI.packageRoot.appendingPathComponent(".build/serve-screenshots").path
        let (code, output) = try cli.runScript(python, "serve-checks.py", ["browser", "http://127.0.0.1:\(server.client.port)", shots, MatchCLITests.nginxLine])
        XCTAssertEqual(code, 0, output)
        XCTAssertFalse(output.contains("FAIL"), output)
        for name in ["1-home", "3-results", "4-record", "5-match", "6-phone-record"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: shots + "/\(name).png"), name)
        }
        XCTAssertEqual(server.stop(), 0)
    }

    static func requireServePython() throws -> String {
        let python = CLI.packageRoot.appendingPathComponent(".build/serve-venv/bin/python").path
        try CLI.requireShared(python, "Python with schemathesis, openapi-spec-validator and selenium (`bash .ci/run` installs them)")
        return python
    }
}

enum HTMLText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
