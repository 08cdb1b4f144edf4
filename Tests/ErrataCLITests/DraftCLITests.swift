import ErrataKit
import Foundation
import XCTest

/// `errata new`: drafts from real error lines, checked by both regex
/// engines, and the whole loop (draft, import, match, report, show).
final class DraftCLITests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws {
        cli = try CLI()
        XCTAssertEqual(try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path]).code, 0)
    }

    func draft(_ input: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let result = try cli.run(["new"], stdin: Data((input + "\n").utf8))
        XCTAssertEqual(result.code, 0, result.stderr, file: file, line: line)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], result.stdout, file: file, line: line)
    }

    /// Every built-in seed's sample line and every public scenario: the
    /// drafted regex compiles in PCRE2 (ours) and Python's re, matches its
    /// line there, matches the line with other numbers when it names none
    /// itself, and the draft validates.
    func testDraftsOfRealLinesMatchTheirLinesInBothEngines() throws {
        var lines = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/Fixtures/seed-samples.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("\t") }.map { String($0.split(separator: "\t", maxSplits: 1)[1]) }
        let scenarios = CLI.shared.appendingPathComponent("bench/deadends-scenarios.json")
        try CLI.requireShared(scenarios.path, "the public scenarios from ../shared/bench")
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: scenarios)) as? [[String: Any]])
        lines += parsed.compactMap { $0["error_message"] as? String }
        XCTAssertGreaterThanOrEqual(lines.count, 60)
        var pairs: [[String]] = []
        for (i, line) in lines.enumerated() {
            var doc = try draft(line)
            let regex = try XCTUnwrap(doc["regex"] as? String)
            let id = try XCTUnwrap(doc["id"] as? String)
            XCTAssertTrue(RecordDecoder.isValidID(id), id)
            XCTAssertFalse((doc["signature"] as? String ?? "").isEmpty, line)
            let compiled = try PythonRegex(regex, caseInsensitive: false)
            guard case .match = compiled.firstMatch(in: line) else {
                XCTFail("PCRE2: \(regex) does not match \(line)")
                continue
            }
            pairs.append([regex, line])
            // Other values: every digit changed, where the regex names no digit itself.
            if regex.replacing("{1,3}", with: "").allSatisfy({ !$0.isNumber }), line.contains(where: \.isNumber) {
                let other = String(line.map { c in c.isASCII && c.isNumber ? Character(String((Int(String(c))! + 7) % 10)) : c })
                guard case .match = compiled.firstMatch(in: other) else {
                    XCTFail("\(regex) does not match the same error with other numbers: \(other)")
                    continue
                }
                pairs.append([regex, other])
            }
            doc["id"] = "draft/n\(i)"
            try cli.write("drafts/\(i).json", try JSONSerialization.data(withJSONObject: doc))
        }
        let valid = try cli.run(["validate", cli.path("drafts")])
        XCTAssertEqual(valid.code, 0, valid.stderr + valid.stdout)
        let check = """
            import json, re, sys
            bad = [(r, l) for r, l in json.load(sys.stdin) if not re.search(r, l)]
            print(len(bad), bad[:3])
            sys.exit(1 if bad else 0)
            """
        let python = try cli.run([], stdin: try JSONSerialization.data(withJSONObject: pairs), runner: ["/usr/bin/env", "python3", "-c", check])
        XCTAssertEqual(python.code, 0, "Python's re: \(python.stdout) \(python.stderr)")
    }

    func testItSaysWhatIsAlreadyKnownAndGuessesDomainAndVersions() throws {
        let known = try cli.run(["new"], stdin: Data((MatchCLITests.nginxLine + "\n").utf8))
        XCTAssertTrue(known.stderr.contains("already known: check these before filing a new record\nerrata:   nginx/ssl-certificate-verify-failed"), known.stderr)
        let paste = "nginx version: nginx/1.24.0\n2026/11/28 21:14:03 [warn] 2231#2231: *10453 zstd dictionary checksum mismatch on cached chunk 42, client: 203.0.113.7\n"
        let result = try cli.run(["new"], stdin: Data(paste.utf8))
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        XCTAssertEqual(doc["domain"] as? String, "nginx")
        XCTAssertEqual(doc["signature"] as? String, "zstd dictionary checksum mismatch on cached chunk <n>")
        XCTAssertEqual((doc["versions"] as? [[String: Any]])?.first?["version"] as? String, "nginx 1.24.0")
        XCTAssertTrue(result.stderr.contains("no record matches this output yet"), result.stderr)
        let path = cli.path("exists.json")
        try cli.write("exists.json", "{}")
        let refused = try cli.run(["new", "-o", path], stdin: Data(paste.utf8))
        XCTAssertEqual(refused.code, 2)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "{}", "not overwritten")
        XCTAssertEqual(try cli.run(["new", "--edit"], stdin: Data(paste.utf8), environment: ["EDITOR": "", "VISUAL": ""]).code, 2)
    }

    /// The loop end to end: draft, fill in, import, match, report, show.
    func testTheLoopFromAnErrorToAnObservedRate() throws {
        let error = "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b3c]\n"
        let path = cli.path("draft.json")
        let drafted = try cli.run(["new", "-o", path], stdin: Data(error.utf8))
        XCTAssertEqual(drafted.code, 0, drafted.stderr)
        var doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let id = try XCTUnwrap(doc["id"] as? String)
        doc["root_cause"] = "A nil pointer is dereferenced: a map, pointer or interface was used before it was set."
        doc["workarounds"] = [["action": "Check the error before using the value", "success_rate": 0.9, "how": "if err != nil { return err }", "condition": "", "sources": []]]
        try JSONSerialization.data(withJSONObject: doc).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try cli.run(["import", path]).code, 0)
        let matched = try cli.run(["match", "--json"], stdin: Data(("goroutine 1 [running]:\n" + error).utf8))
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: matched.stdoutData) as? [[String: Any]])
        XCTAssertEqual(hits.first?["id"] as? String, id, matched.stdout)
        XCTAssertEqual(try cli.run(["report", id, "--workaround", "1", "--worked"]).code, 0)
        XCTAssertTrue(try cli.run(["show", id]).stdout.contains("here 1 of 1 worked"))
    }

    /// --edit on a terminal: the editor writes something invalid first;
    /// errata says why and asks, the editor fixes it, errata imports it.
    func testEditReopensTheEditorUntilTheDraftIsValidThenImports() throws {
        let editor = try cli.write("editor.sh", """
            #!/bin/sh
            # First call: break the file. Second call: fill it in.
            if [ ! -f "$0.called" ]; then touch "$0.called"; echo '{"id": "x"' > "$1"; exit 0; fi
            python3 - "$1" <<'EOF'
            import json, sys
            json.dump({"id": "local/edited-draft", "signature": "zstd module failed", "domain": "local"}, open(sys.argv[1], "w"))
            EOF
            """)
        chmod(editor, 0o755)
        let script = """
            import os, pty, subprocess, sys, time
            pid, fd = pty.fork()
            if pid == 0:
                os.execvp(sys.argv[1], sys.argv[1:])
            out = b""
            answers = [b"y\\n", b"y\\n"]
            while True:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                if answers and out.rstrip().endswith((b"[Y/n]", b"[y/N]")):
                    os.write(fd, answers.pop(0))
            _, status = os.waitpid(pid, 0)
            sys.stdout.write(out.decode(errors="replace"))
            sys.exit(os.WEXITSTATUS(status))
            """
        let input = try cli.write("error.txt", "zstd module failed to allocate 4096 bytes\n")
        let result = try cli.run(["new", input, "--edit"], environment: ["EDITOR": editor], runner: ["/usr/bin/env", "python3", "-c", script], timeout: 60)
        XCTAssertEqual(result.code, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("edit again? [Y/n]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("import local/edited-draft into"), "the prompt names the id the editor left: " + result.stdout)
        XCTAssertTrue(result.stdout.contains("imported"), result.stdout)
        XCTAssertEqual(try cli.run(["show", "local/edited-draft"]).code, 0)
    }
}
