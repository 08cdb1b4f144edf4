import Foundation
import XCTest

/// The command line as ripgrep and sqlite-utils users expect it, through
/// the real binary on the built-in seeds.
final class CommandLineCLITests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws {
        cli = try CLI()
        XCTAssertEqual(try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path]).code, 0)
    }

    func ids(_ result: CLI.Result) -> [String] {
        result.stdout.split(separator: "\n").map(String.init)
    }

    func testUnquotedExclusionsAndNegativeNumbers() throws {
        let all = try cli.run(["search", "connection", "refused", "--ids", "--limit", "100"])
        XCTAssertTrue(all.stdout.contains("nginx/"), all.stdout)
        let excluded = try cli.run(["search", "connection", "refused", "-nginx", "--ids", "--limit", "100"])
        XCTAssertEqual(excluded.code, 0, excluded.stderr)
        XCTAssertFalse(excluded.stdout.contains("nginx/"), excluded.stdout)
        // Every record with the word nginx anywhere is left out, not only nginx's own.
        let withNginx = Set(ids(try cli.run(["search", "nginx", "--ids", "--limit", "100"])))
        XCTAssertEqual(Set(ids(excluded)), Set(ids(all)).subtracting(withNginx))
        XCTAssertEqual(try cli.run(["--db", cli.path("t.db"), "search", "connection", "-nginx", "refused", "--ids", "--limit", "100"]).stdout, excluded.stdout,
                       "anywhere among the words, also after --db")

        let negative = try cli.run(["search", "connection", "--limit", "-1"])
        XCTAssertEqual(negative.code, 2)
        XCTAssertTrue(negative.stderr.contains("--limit must be at least 1"), negative.stderr)
        XCTAssertFalse(negative.stderr.contains("Missing value"), negative.stderr)
    }

    func testAffectsIsTheVersionFilterAndVersionIsTheProgramsVersion() throws {
        let version = try cli.run(["--version"])
        XCTAssertEqual(version.code, 0)
        XCTAssertTrue(version.stdout.first?.isNumber ?? false, version.stdout)

        let bare = try cli.run(["search", "--version"])
        XCTAssertEqual(bare.code, 2)
        XCTAssertEqual(bare.stderr, "errata: search --version takes a version spec (the old spelling of --affects SPEC); the program's version is `errata --version`\n")

        let affects = try cli.run(["search", "--affects", "nginx 1.24", "--ids", "--limit", "100"])
        XCTAssertEqual(affects.code, 0, affects.stderr)
        XCTAssertFalse(ids(affects).isEmpty)
        XCTAssertTrue(ids(affects).allSatisfy { $0.hasPrefix("nginx/") }, affects.stdout)
        let old = try cli.run(["search", "--version", "nginx 1.24", "--ids", "--limit", "100"])
        XCTAssertEqual(old.stdout, affects.stdout)
        XCTAssertEqual(old.stderr, "errata: note: --version SPEC is now --affects SPEC (errata --version prints the program's version)\n")

        let spaced = try cli.run(["search", "--affects", "nginx >= 1.25", "--ids", "--limit", "100"])
        let joined = try cli.run(["search", "--affects", "nginx>=1.25", "--ids", "--limit", "100"])
        XCTAssertEqual(joined.code, 0, joined.stderr)
        XCTAssertFalse(ids(joined).isEmpty)
        XCTAssertEqual(joined.stdout, spaced.stdout, "spaces around the operator are optional")

        let unreadable = try cli.run(["search", "--affects", "nginx >= 1.25 <2"])
        XCTAssertEqual(unreadable.code, 2)
        XCTAssertTrue(unreadable.stderr.contains("expected [PRODUCT ][OP]VERSION"), unreadable.stderr)

        let typo = try cli.run(["search", "--affects", "ngnix 1.24"])
        XCTAssertEqual(typo.code, 1)
        XCTAssertEqual(typo.stderr, "errata: no record names the product \"ngnix\"; products that look alike: nginx\n")

        // Another name of a product finds the records that use the usual one.
        let postgres = try cli.run(["search", "--affects", "postgres 16", "--ids", "--limit", "100"])
        XCTAssertEqual(postgres.code, 0, postgres.stderr)
        XCTAssertEqual(postgres.stdout, try cli.run(["search", "--affects", "postgresql 16", "--ids", "--limit", "100"]).stdout)
        XCTAssertTrue(ids(postgres).allSatisfy { $0.hasPrefix("postgresql/") } && !postgres.stdout.isEmpty, postgres.stdout)
    }

    /// "what breaks in nginx 1.24" reads as the version filter and lists
    /// every record of it; other words beside the version are searched for.
    func testAProductAndVersionInPlainWordsAreTheFilter() throws {
        let every = try cli.run(["search", "--affects", "nginx 1.24", "--ids", "--limit", "100"])
        XCTAssertGreaterThan(ids(every).count, 3)
        XCTAssertTrue(ids(every).allSatisfy { $0.hasPrefix("nginx/") }, every.stdout)
        for question in ["what breaks in nginx 1.24", "nginx 1.24", "what are the known issues with nginx 1.24", "What's broken in NGINX 1.24"] {
            let result = try cli.run(["search"] + question.split(separator: " ").map(String.init) + ["--ids", "--limit", "100"])
            XCTAssertEqual(result.code, 0, result.stderr)
            XCTAssertEqual(result.stderr, "errata: reading as: --affects \"nginx 1.24\"\n", question)
            XCTAssertEqual(result.stdout, every.stdout, question)
        }
        let upstream = try cli.run(["search", "what", "breaks", "upstream", "in", "nginx", "1.24", "--ids", "--limit", "100"])
        XCTAssertTrue(upstream.stderr.hasPrefix("errata: reading as: --affects \"nginx 1.24\" + words: upstream\n"), upstream.stderr)
        XCTAssertEqual(upstream.stdout, try cli.run(["search", "upstream", "--affects", "nginx 1.24", "--ids", "--limit", "100"]).stdout)
        XCTAssertLessThan(ids(upstream).count, ids(every).count)
        // A typed error with a number in it is searched as words: a filter
        // would drop the records that name no version; so is a version no record has.
        for words in [["nginx", "504", "gateway", "timeout", "on", "slow", "export"], ["nginx", "1.99"]] {
            let typed = try cli.run(["search"] + words + ["--ids"])
            XCTAssertFalse(typed.stderr.contains("reading as"), "\(words): \(typed.stderr)")
            XCTAssertEqual(typed.stdout, try cli.run(["search", "--ids", "--"] + words).stdout)
        }
    }

    func testListingFormatsCountsAndPlainSnippets() throws {
        let table = try cli.run(["search", "connection", "refused", "--limit", "1"])
        let total = ids(try cli.run(["search", "connection", "refused", "--ids", "--limit", "100"])).count
        XCTAssertGreaterThan(total, 1)
        XCTAssertTrue(table.stdout.hasSuffix("1-1 of \(total) (--limit, --offset for more)\n"), table.stdout)
        XCTAssertFalse(table.stdout.contains("……"))

        let csv = try cli.run(["search", "connection", "refused", "--format", "csv", "--limit", "100"])
        let rows = csv.stdout.split(separator: "\n")
        XCTAssertEqual(rows.first, "id,domain,category,score,signature")
        XCTAssertEqual(rows.count, total + 1)
        let tsv = try cli.run(["search", "connection", "refused", "--format", "tsv", "--limit", "100"])
        XCTAssertEqual(tsv.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[0]) }, ids(try cli.run(["search", "connection", "refused", "--ids", "--limit", "100"])))
        let ndjson = try cli.run(["search", "connection", "refused", "--format", "ndjson", "--limit", "100"])
        XCTAssertEqual(ndjson.stdout.split(separator: "\n").count, total)

        let json = try cli.run(["search", "ssl", "--json"])
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        XCTAssertFalse(hits.isEmpty)
        for hit in hits {
            guard let snippet = hit["snippet"] as? String else { continue }
            XCTAssertFalse(snippet.contains("[") && !snippet.contains("\\["), "no markers in the text: \(snippet)")
            let scalars = Array(snippet.unicodeScalars)
            let spans = try XCTUnwrap(hit["highlights"] as? [[Int]])
            XCTAssertFalse(spans.isEmpty)
            for span in spans {
                let word = String(String.UnicodeScalarView(scalars[span[0]..<span[1]]))
                XCTAssertTrue(word.lowercased().hasPrefix("ssl"), "highlight \(span) of \(snippet) is \(word)")
            }
        }
    }

    /// With a terminal on stdin, match says what it waits for.
    func testMatchOnATerminalSaysWhatItWaitsFor() throws {
        let script = """
            import os, pty, subprocess, sys
            master, slave = pty.openpty()
            p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            os.close(slave)
            os.write(master, b"SSL: certificate verify failed while SSL handshaking to upstream\\n\\x04")
            out, err = p.communicate(timeout=60)
            sys.stdout.write(err.decode())
            sys.exit(p.returncode)
            """
        let result = try cli.run(["match"], runner: ["/usr/bin/env", "python3", "-c", script])
        XCTAssertEqual(result.code, 0, result.stdout)
        XCTAssertTrue(result.stdout.hasPrefix("errata: paste the output, then Ctrl-D\n"), result.stdout)
        let piped = try cli.run(["match"], stdin: Data("SSL: certificate verify failed while SSL handshaking to upstream\n".utf8))
        XCTAssertEqual(piped.stderr, "", "not when the output is piped in")
    }

    func testDeleteAllOrNothingWithTheLinksItLeaves() throws {
        let before = try cli.run(["export", "--all", "--ndjson"]).stdout
        let missing = try cli.run(["delete", "kubernetes/oomkilled", "nginx/no-such-record"])
        XCTAssertEqual(missing.code, 1)
        XCTAssertEqual(missing.stderr, "errata: no record with id \"nginx/no-such-record\"; nothing deleted\n")
        let dry = try cli.run(["delete", "--dry-run", "kubernetes/oomkilled"])
        XCTAssertEqual(dry.code, 0, dry.stderr)
        XCTAssertEqual(dry.stdout, "would delete kubernetes/oomkilled\n")
        XCTAssertTrue(dry.stderr.contains("would name a deleted record"), dry.stderr)
        XCTAssertEqual(try cli.run(["export", "--all", "--ndjson"]).stdout, before, "a dry run and a refused delete change nothing")

        let deleted = try cli.run(["delete", "kubernetes/oomkilled", "kubernetes/oomkilled"])
        XCTAssertEqual(deleted.code, 0, deleted.stderr)
        XCTAssertEqual(deleted.stdout, "deleted kubernetes/oomkilled\n")
        XCTAssertTrue(deleted.stderr.contains("  kubernetes/crashloopbackoff preceded_by kubernetes/oomkilled\n"), deleted.stderr)
        XCTAssertEqual(try cli.run(["show", "kubernetes/oomkilled"]).code, 1)
        XCTAssertEqual(try cli.run(["export", "--all", "--ndjson"]).stdout.split(separator: "\n").count, before.split(separator: "\n").count - 1)
        XCTAssertEqual(try cli.run(["check"]).code, 0, "the index is in step")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("t.db-wal")))
    }

    func testFmtWritesWhatExportWouldGive() throws {
        let reference = try CLI.requireReferenceSeed()
        let oneLine = try cli.write("records/one-line.json", CLI.oneLine(reference))
        let canonical = try cli.write("records/canonical.json", reference)
        let check = try cli.run(["fmt", "--check", cli.path("records")])
        XCTAssertEqual(check.code, 1)
        XCTAssertEqual(check.stdout, "\(oneLine): not canonical\n1 of 2 files not canonical\n")
        XCTAssertEqual(try String(contentsOfFile: oneLine, encoding: .utf8), CLI.oneLine(reference), "--check writes nothing")

        let bad = try cli.write("records/sub/bad.json", "{\"id\": \"a/b\"}")
        let refused = try cli.run(["fmt", cli.path("records")])
        XCTAssertEqual(refused.code, 2)
        XCTAssertEqual(refused.stderr, "errata: \(bad): $.signature: missing required key\n")
        XCTAssertEqual(try String(contentsOfFile: oneLine, encoding: .utf8), CLI.oneLine(reference), "nothing rewritten when a file is bad")
        try FileManager.default.removeItem(atPath: bad)

        let formatted = try cli.run(["fmt", cli.path("records")])
        XCTAssertEqual(formatted.code, 0, formatted.stderr)
        XCTAssertEqual(formatted.stdout, "formatted 1 file, 1 already canonical\n")
        XCTAssertEqual(try String(contentsOfFile: oneLine, encoding: .utf8), reference)
        XCTAssertEqual(try String(contentsOfFile: canonical, encoding: .utf8), reference)
        XCTAssertEqual(try cli.run(["fmt", "--check", cli.path("records")]).code, 0)

        let spaced = CLI.oneLine(reference).replacing("{\"id\": ", with: "{ \"id\":   ")
        XCTAssertNotEqual(spaced, CLI.oneLine(reference))
        let lines = try cli.write("more.ndjson", spaced + "\n\n")
        XCTAssertEqual(try cli.run(["fmt", lines]).code, 0)
        let exported = try cli.run(["export", "--ndjson", "nginx/ssl-certificate-verify-failed"]).stdout
        XCTAssertEqual(try String(contentsOfFile: lines, encoding: .utf8), exported, "NDJSON stays one record a line, as export writes it")
    }

    func testStatsSummarisesAndQueriesWithoutWordsAreBadInput() throws {
        let categories = try XCTUnwrap((try JSONSerialization.jsonObject(with: try cli.run(["stats", "--json"]).stdoutData) as? [String: Any])?["by_category"] as? [String: Any]).count
        XCTAssertGreaterThan(categories, 10)
        let summary = try cli.run(["stats"])
        XCTAssertTrue(summary.stdout.contains("By category (the 10 largest of \(categories); --by-category for all)"), summary.stdout)
        let full = try cli.run(["stats", "--by-category"])
        XCTAssertEqual(full.stdout.split(separator: "\n").count - summary.stdout.split(separator: "\n").count, categories - 10)

        for args in [["search", ":"], ["search", "--"], ["search", "((("]] {
            let result = try cli.run(args)
            XCTAssertEqual(result.code, 2, "\(args): \(result.stderr)")
        }
    }

    func testMistypedNamesGetTheNamesThatLookAlike() throws {
        func failure(_ args: [String], code: Int32) throws -> String {
            let result = try cli.run(args)
            XCTAssertEqual(result.code, code, "\(args): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            return result.stderr
        }
        XCTAssertTrue(try failure(["serch", "connection", "refused"], code: 2).contains("unknown command \"serch\"; did you mean \"search\""))
        XCTAssertTrue(try failure(["frobnicate"], code: 2).contains("unknown command \"frobnicate\" (errata --help"))
        XCTAssertTrue(try failure(["search", "timeout", "--domain", "nginxx"], code: 2).contains("--domain \"nginxx\": no record has this domain; did you mean \"nginx\"?"))
        XCTAssertTrue(try failure(["export", "--domain", "pyton"], code: 2).contains("did you mean \"python\"?"))
        XCTAssertTrue(try failure(["search", "--tier", "bogus"], code: 2).contains("the tiers are ai_generated"))
        for command in ["show", "chain", "export"] {
            let message = try failure([command, "ngnx/ssl-certificate-verify-failed"], code: 1)
            XCTAssertTrue(message.contains("no record with id \"ngnx/ssl-certificate-verify-failed\"; did you mean \"nginx/ssl-certificate-verify-failed\"?"), message)
        }
        XCTAssertTrue(try failure(["show", "nginx/ssl-certificate-verify"], code: 1).contains("did you mean \"nginx/ssl-certificate-verify-failed\"?"))
        XCTAssertTrue(try failure(["show", "zzzz/qqqq"], code: 1).hasSuffix("no record with id \"zzzz/qqqq\"\n"))
        // A domain that exists is no error, even where the words find nothing in it.
        XCTAssertEqual(try cli.run(["search", "qqqqzzzz", "--domain", "nginx"]).code, 1)
    }

    /// The bash completion script, loaded as the README says, completes
    /// record ids and domains from the database.
    func testBashCompletesRecordIDsAndDomainsFromTheDatabase() throws {
        let script = """
            source <(errata --generate-completion-script bash)
            complete() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"; COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                _errata errata "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; printf '%s\\n' "${COMPREPLY[@]}"; echo --; }
            complete "errata show nginx/ss"
            complete "errata search timeout --domain py"
            """
        let result = try cli.run([], environment: ["PATH": CLI.binary.deletingLastPathComponent().path + ":/usr/bin:/bin"],
                                 runner: ["/bin/bash", "-c", script, "bash"])
        let blocks = result.stdout.components(separatedBy: "--\n")
        XCTAssertEqual(blocks.first, "nginx/ssl-certificate-verify-failed\nnginx/ssl-key-values-mismatch\nnginx/ssl-wrong-version-number\n", result.stdout + result.stderr)
        XCTAssertEqual(blocks.dropFirst().first, "python\n", result.stdout)
    }

    /// show wraps to the terminal's width ($COLUMNS when not a terminal),
    /// counting a Chinese character as two columns.
    func testShowWrapsToTheWidthInDisplayColumns() throws {
        func columns(_ line: Substring) -> Int {
            line.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) || (0xFF00...0xFF60).contains($1.value) || (0x3000...0x303F).contains($1.value) ? 2 : 1) }
        }
        for width in [60, 100] {
            let shown = try cli.run(["show", "nginx/ssl-certificate-verify-failed"], environment: ["COLUMNS": String(width)])
            XCTAssertEqual(shown.code, 0)
            let lines = shown.stdout.split(separator: "\n")
            let over = lines.filter { columns($0) > width && $0.contains(" ") && !$0.contains("http") }
            XCTAssertEqual(over, [], "at \(width) columns")
            let chinese = lines.filter { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
            XCTAssertFalse(chinese.isEmpty)
            XCTAssertTrue(chinese.allSatisfy { columns($0) <= width }, "\(chinese)")
        }
    }

    /// `search` is read without ArgumentParser when its arguments are plain
    /// (start-up): whatever the arguments, the answer is the one the full
    /// parse gives.
    func testTheQuickSearchParseAnswersAsTheFullParse() throws {
        let cases: [[String]] = [
            ["search", "connection", "refused"], ["search", "certificate", "--limit", "2", "--json"],
            ["search", "--limit=3", "--offset", "1", "ssl"], ["search", "--domain", "nginx"], ["search", "--domain=nginx", "--ids"],
            ["search", "ssl", "--format", "csv"], ["search", "ssl", "--format", "yaml"], ["search", "ssl", "--limit", "0"],
            ["search", "ssl", "--limit", "x"], ["search", "ssl", "--limit"], ["search"], ["search", "--", "-nginx", "refused"],
            ["search", "connection", "-nginx"], ["search", "ssl", "--limit", "2", "--limit", "3"], ["search", "ssl", "--json", "--format", "csv"],
            ["search", "--affects", "nginx 1.24", "--all-variants", "--ids"], ["search", "--version", "nginx 1.24"],
            ["search", "ssl", "--min-confidence", "0.5", "--tier", "ai_generated"], ["search", "--frobnicate", "ssl"],
            ["search", "ssl", "-h"], ["search", "what", "breaks", "in", "nginx", "1.24"], ["search", ":"],
            ["search", "--db", cli.path("t.db"), "ssl"], ["search", "ssl", "--tag"], ["search", "ssl", "--json=yes"],
        ]
        for arguments in cases {
            let quick = try cli.run(arguments)
            let full = try cli.run(arguments, environment: ["ERRATA_FULL_PARSE": "1"])
            XCTAssertEqual(quick.code, full.code, "\(arguments)")
            XCTAssertEqual(quick.stdout, full.stdout, "\(arguments)")
            XCTAssertEqual(quick.stderr, full.stderr, "\(arguments)")
        }
    }

    /// Every command's help fits 80 columns, and only the top level offers
    /// the program's version.
    func testHelpFitsEightyColumns() throws {
        let top = try cli.run(["--help"], environment: ["COLUMNS": "80"])
        XCTAssertEqual(top.code, 0)
        XCTAssertTrue(top.stdout.contains("The program's version: errata --version."), top.stdout)
        let commands = ["search", "match", "show", "chain", "import", "export", "delete", "validate", "fmt", "stats", "check"]
        for command in commands {
            XCTAssertTrue(top.stdout.contains("  " + command + " "), "\(command) is listed")
            let help = try cli.run([command, "--help"], environment: ["COLUMNS": "80"])
            XCTAssertEqual(help.code, 0, command)
            for line in help.stdout.split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, 80, "\(command): \(line)")
            }
            XCTAssertFalse(help.stdout.contains("Show the version"), command)
        }
    }

    /// report: outcomes by number or by the start of the action's text,
    /// shown beside the declared rates and ordering the workarounds; the
    /// record's export does not change, and a re-import keeps them.
    func testReportedOutcomesShowBesideTheDeclaredRates() throws {
        let id = "nginx/ssl-certificate-verify-failed"
        let before = try cli.run(["export", id]).stdoutData
        XCTAssertEqual(try cli.run(["report", id, "--workaround", "3", "--worked"]).stdout,
                       "recorded: \(id) workaround 3 worked (here 1 of 1 worked)\n")
        XCTAssertEqual(try cli.run(["report", id, "--workaround", "check and", "--worked", "--note", "prod"]).stdout,
                       "recorded: \(id) workaround 3 worked (here 2 of 2 worked)\n")
        XCTAssertEqual(try cli.run(["report", id, "--workaround", "Add", "--failed"]).stdout,
                       "recorded: \(id) workaround 1 failed (here 0 of 1 worked)\n")
        XCTAssertEqual(try cli.run(["report", id, "--dead-end", "1", "--confirmed"]).code, 0)

        let missing = try cli.run(["report", id, "--workaround", "9", "--worked"])
        XCTAssertEqual(missing.code, 2)
        XCTAssertEqual(missing.stderr, "errata: \(id) has no workaround 9 (it lists 3: 1-3)\n")
        XCTAssertEqual(try cli.run(["report", id, "--workaround", "1", "--confirmed"]).code, 2)
        XCTAssertEqual(try cli.run(["report", "nginx/nope", "--workaround", "1", "--worked"]).code, 1)

        let shown = try cli.run(["show", id], environment: ["COLUMNS": "160"]).stdout
        let workarounds = shown.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("Workarounds: try these") }.dropFirst().prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("     ") }
        XCTAssertEqual(workarounds.map { String($0.prefix(4)) }, ["  3.", "  2.", "  1."], "ordered by the blended rate, numbered as in the record")
        // Wrapped lines joined again, to read each workaround's notes whole.
        let flat = shown.split(separator: "\n").map { $0.drop { $0 == " " } }.joined(separator: " ")
        XCTAssertTrue(flat.contains("-dates (declared 95% · here 2 of 2 worked)"), flat)
        XCTAssertTrue(flat.contains("ca-certificates.crt; (declared 90% · here 0 of 1 worked)"), flat)
        XCTAssertTrue(flat.contains("(fails 50% · confirmed here 1 time)"), flat)

        XCTAssertEqual(try cli.run(["export", id]).stdoutData, before, "outcomes never change the record's export")
        // ...unless asked: blended rates, marked as such, and a document that imports again.
        let blended = try cli.run(["export", id, "--with-outcomes"])
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: blended.stdoutData) as? [String: Any])
        XCTAssertEqual(doc["rates_blended_with_outcomes"] as? Bool, true)
        let third = try XCTUnwrap((doc["workarounds"] as? [[String: Any]])?[2])
        XCTAssertEqual(third["success_rate"] as? Double, 0.958)
        XCTAssertEqual(third["declared_success_rate"] as? Double, 0.95)
        XCTAssertEqual(third["observed"] as? [String: Int], ["worked": 2, "failed": 0])
        XCTAssertEqual(try cli.run(["validate", try cli.write("blended.json", blended.stdout)]).code, 0)
        let reference = try CLI.requireReferenceSeed()
        XCTAssertEqual(try cli.run(["import", try cli.write("again.json", reference.replacing("\"confidence\": 0.88", with: "\"confidence\": 0.8"))]).code, 0)
        XCTAssertTrue(try cli.run(["show", id], environment: ["COLUMNS": "160"]).stdout.contains("here 2 of 2 worked"), "kept across a re-import")

        // A prefix that starts two actions names neither.
        let twoAdds = reference.replacing("If upstream uses a self-signed cert", with: "Add the CA if upstream uses a self-signed cert")
            .replacing(id, with: "nginx/two-adds")
        XCTAssertEqual(try cli.run(["import", try cli.write("two.json", twoAdds)]).code, 0)
        let ambiguous = try cli.run(["report", "nginx/two-adds", "--workaround", "add", "--worked"])
        XCTAssertEqual(ambiguous.code, 2)
        XCTAssertEqual(ambiguous.stderr, "errata: \"add\" starts workarounds 1 and 2 of nginx/two-adds; give more of the text or the number\n")
    }

    /// outcomes export / import: the same file twice adds nothing; stats
    /// counts outcomes whose action is gone; match --json carries them.
    func testOutcomesTravelBetweenDatabases() throws {
        let id = "nginx/ssl-certificate-verify-failed"
        for args in [["--workaround", "3", "--worked"], ["--workaround", "2", "--failed"], ["--dead-end", "1", "--confirmed"]] {
            XCTAssertEqual(try cli.run(["report", id] + args).code, 0)
        }
        XCTAssertEqual(try cli.run(["outcomes", "export", "-o", "shared.ndjson"]).code, 0)
        let lines = try String(contentsOfFile: cli.path("shared.ndjson"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(try cli.run(["--db", "other.db", "import", CLI.packageRoot.appendingPathComponent("seeds").path]).code, 0)
        XCTAssertEqual(try cli.run(["--db", "other.db", "outcomes", "import", cli.path("shared.ndjson")]).stdout,
                       "imported 3 outcomes from 1 file: 3 new, 0 already here\n")
        XCTAssertEqual(try cli.run(["--db", "other.db", "outcomes", "import", cli.path("shared.ndjson")]).stdout,
                       "imported 3 outcomes from 1 file: 0 new, 3 already here\n")
        XCTAssertEqual(try cli.run(["--db", "other.db", "outcomes", "export"]).stdout, try cli.run(["outcomes", "export"]).stdout)

        let bad = try cli.write("bad.ndjson", String(lines[0]) + "\n{\"uuid\": \"u\", \"kind\": \"workaround\"}\n")
        let refused = try cli.run(["--db", "other.db", "outcomes", "import", bad])
        XCTAssertEqual(refused.code, 2)
        XCTAssertEqual(refused.stderr, "errata: \(bad):2: $.result: expected a non-empty string\n")

        let json = try cli.run(["--db", "other.db", "match", "--json"], stdin: Data((MatchCLITests.nginxLine + "\n").utf8))
        let workarounds = try XCTUnwrap((try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])?.first?["workarounds"] as? [[String: Any]])
        XCTAssertEqual(workarounds[2]["observed"] as? [String: Int], ["worked": 1, "failed": 0])
        XCTAssertEqual(workarounds[2]["blended_rate"] as? Double, 0.955)
        XCTAssertNil(workarounds[0]["observed"])

        // An outcome whose record is gone is kept, and stats says so.
        XCTAssertEqual(try cli.run(["--db", "other.db", "delete", id]).code, 0)
        let stats = try cli.run(["--db", "other.db", "stats"])
        XCTAssertTrue(stats.stdout.contains("Outcomes reported here: 3 (3 orphaned: their record or action is gone)"), stats.stdout)
    }
}
