import Foundation
import MCP
import SystemPackage
import XCTest

/// `errata mcp` through the SDK's own client on the real binary's pipes
/// (started as `errata mcp`, so the hand-over to errata-mcp is tested too).
final class McpServerTests: XCTestCase {
    var cli: CLI!
    static let referenceLine = MatchCLITests.nginxLine
    static let referenceID = "nginx/ssl-certificate-verify-failed"

    override func setUpWithError() throws {
        cli = try CLI()
        XCTAssertEqual(try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path]).code, 0)
        let server = CLI.binary.deletingLastPathComponent().appendingPathComponent("errata-mcp")
        guard FileManager.default.isExecutableFile(atPath: server.path) else {
            throw XCTSkip("FAILED SETUP: \(server.path) not found; run the tests with `swift test`, which builds it")
        }
    }

    /// A running server and a connected client. Concurrent calls touch
    /// only `client`, an actor; the process and pipes are set once.
    final class Session: @unchecked Sendable {
        let process = Process()
        let client = Client(name: "errata-tests", version: "1.0")
        let toServer = Pipe()
        let fromServer = Pipe()

        init(_ cli: CLI, arguments: [String] = []) async throws {
            process.executableURL = CLI.binary
            process.arguments = ["mcp"] + arguments
            process.environment = cli.environment
            process.currentDirectoryURL = cli.directory
            process.standardInput = toServer
            process.standardOutput = fromServer
            process.standardError = FileHandle.nullDevice
            try process.run()
            let transport = StdioTransport(input: FileDescriptor(rawValue: fromServer.fileHandleForReading.fileDescriptor),
                                           output: FileDescriptor(rawValue: toServer.fileHandleForWriting.fileDescriptor))
            _ = try await client.connect(transport: transport)
        }

        func call(_ name: String, _ arguments: [String: Value] = [:]) async throws -> CallTool.Result {
            try await client.send(CallTool.request(.init(name: name, arguments: arguments))).value
        }

        /// The structured result of a call that must succeed.
        func structured(_ name: String, _ arguments: [String: Value] = [:], file: StaticString = #filePath, line: UInt = #line) async throws -> [String: Value] {
            let result = try await call(name, arguments)
            XCTAssertNotEqual(result.isError, true, "\(name): \(Self.text(result))", file: file, line: line)
            return try XCTUnwrap(result.structuredContent?.objectValue, "\(name) gave no structuredContent", file: file, line: line)
        }

        static func text(_ result: CallTool.Result) -> String {
            result.content.compactMap { if case .text(let text, _, _) = $0 { return text } else { return nil } }.joined()
        }

        /// Closes the server's input; it must then exit on its own, 0.
        func close() async throws {
            await client.disconnect()
            try? toServer.fileHandleForWriting.close()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .exit)
            XCTAssertEqual(process.terminationStatus, 0)
        }
    }

    func ids(_ structured: [String: Value]) -> [String] {
        (structured["hits"]?.arrayValue ?? []).compactMap { $0.objectValue?["id"]?.stringValue }
    }

    func testEveryToolOnTheBuiltInSeeds() async throws {
        let session = try await Session(cli)
        let (tools, _) = try await session.client.listTools()
        XCTAssertEqual(Set(tools.map(\.name)), ["match_error", "search_errors", "get_error", "get_error_chain", "list_domains", "batch_match", "report_outcome", "stats"])
        for tool in tools {
            XCTAssertEqual(tool.inputSchema.objectValue?["type"], "object", tool.name)
            XCTAssertEqual(tool.outputSchema?.objectValue?["type"], "object", tool.name)
            XCTAssertGreaterThan(tool.description?.count ?? 0, 60, tool.name)
        }

        let match = try await session.call("match_error", ["text": .string("some preamble\n" + Self.referenceLine + "\nmore")])
        let matched = try XCTUnwrap(match.structuredContent?.objectValue)
        XCTAssertEqual(matched["answered"], true)
        XCTAssertEqual(ids(matched).first, Self.referenceID)
        let advice = Session.text(match)
        XCTAssertTrue(advice.contains("**Do NOT try**") && advice.contains("**Try**") && advice.contains("**Root cause:**"), advice)
        let first = try XCTUnwrap(matched["hits"]?.arrayValue?.first?.objectValue)
        XCTAssertEqual(first["line_number"], 2)
        XCTAssertFalse((first["dead_ends"]?.arrayValue ?? []).isEmpty)
        // Windows line ends are line ends too (the whole text was one line).
        let crlf = try await session.structured("match_error", ["text": .string("some preamble\r\n" + Self.referenceLine + "\r\nmore")])
        XCTAssertEqual(ids(crlf).first, Self.referenceID)
        XCTAssertEqual(crlf["hits"]?.arrayValue?.first?.objectValue?["line_number"], 2)

        let nothing = try await session.structured("match_error", ["text": "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b3c]\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d"])
        XCTAssertEqual(nothing["answered"], false, "a Go panic is not in the built-in seeds")

        let search = try await session.structured("search_errors", ["query": "certificate verify failed", "limit": 3])
        XCTAssertTrue(ids(search).contains(Self.referenceID), "\(ids(search))")
        XCTAssertLessThanOrEqual(ids(search).count, 3)
        XCTAssertEqual(search["every_word"], 2)
        XCTAssertEqual(search["total_exact"], true, "the 42 seeds are ranked in full")
        // Two seeds have all three words; the others listed have some.
        let searchText = Session.text(try await session.call("search_errors", ["query": "certificate verify failed", "limit": 3]))
        XCTAssertTrue(searchText.hasPrefix("1-3 of ") && searchText.contains("(the first 2 have all of the words; the others have some)"), searchText)
        let byDomain = try await session.structured("search_errors", ["domain": "nginx", "limit": 50])
        XCTAssertFalse(ids(byDomain).isEmpty)
        XCTAssertTrue(ids(byDomain).allSatisfy { $0.hasPrefix("nginx/") }, "\(ids(byDomain))")

        let record = try await session.structured("get_error", ["id": .string(Self.referenceID)])
        let exported = try JSONSerialization.jsonObject(with: try cli.run(["export", Self.referenceID]).stdoutData) as? NSDictionary
        let fromServer = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(Value.object(record))) as? NSDictionary
        XCTAssertEqual(fromServer, exported, "get_error gives what export gives")
        let canon = try await session.structured("get_error", ["id": .string(Self.referenceID), "format": "canon"])
        XCTAssertNotEqual(canon, record)

        let chain = try await session.structured("get_error_chain", ["id": .string(Self.referenceID), "depth": 1])
        XCTAssertEqual(chain["id"]?.stringValue, Self.referenceID)
        XCTAssertFalse((chain["edges"]?.arrayValue ?? []).isEmpty)

        let stats = try JSONSerialization.jsonObject(with: try cli.run(["stats", "--json"]).stdoutData) as? [String: Any]
        let served = try await session.structured("stats")
        XCTAssertEqual(served["records"]?.intValue, stats?["records"] as? Int)
        let domains = try await session.structured("list_domains")
        XCTAssertEqual(domains["domains"]?.arrayValue?.count, (stats?["by_domain"] as? [String: Any])?.count)

        let batch = try await session.structured("batch_match", ["inputs": [.string(Self.referenceLine), "ModuleNotFoundError: No module named 'requests'"]])
        let results = try XCTUnwrap(batch["results"]?.arrayValue)
        XCTAssertEqual(results.count, 2)
        XCTAssertEqual(results.first?.objectValue.map(ids)?.first, Self.referenceID)
        XCTAssertTrue(results.last?.objectValue.map(ids)?.first?.hasPrefix("python/") ?? false, "\(results)")

        let templates = try await session.client.listResourceTemplates()
        XCTAssertEqual(templates.templates.map(\.uriTemplate), ["errata://record/{id}"])
        let (resources, _) = try await session.client.listResources()
        XCTAssertTrue(resources.contains { $0.uri == "errata://record/" + Self.referenceID })
        let contents = try await session.client.readResource(uri: "errata://record/" + Self.referenceID)
        XCTAssertEqual(contents.first?.mimeType, "application/json")
        XCTAssertEqual(contents.first?.text, try cli.run(["export", Self.referenceID]).stdout.trimmingCharacters(in: .newlines))

        // The one tool that writes: what show then says.
        let report = try await session.structured("report_outcome", ["id": .string(Self.referenceID), "workaround": 1, "result": "worked", "note": "mcp test"])
        XCTAssertEqual(report["number"], 1)
        XCTAssertEqual(report["worked"], 1)
        XCTAssertTrue(try cli.run(["show", Self.referenceID]).stdout.contains("here 1 of 1 worked"))
        try await session.close()
    }

    func testBadArgumentsAreToolErrorsAndLeaveTheDatabaseAsItWas() async throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.path("t.db")))
        let session = try await Session(cli)
        let cases: [(String, [String: Value], String)] = [
            ("match_error", ["text": 42], "match_error: text must be a string"),
            ("match_error", [:], "match_error: text is required"),
            ("match_error", ["text": "   \n  "], "the text is empty"),
            ("match_error", ["text": "x", "limit": "three"], "limit must be an integer from 1 to 20"),
            ("match_error", ["text": "x", "limit": 0], "limit must be an integer from 1 to 20"),
            ("match_error", ["text": "x", "verbose": true], "unknown argument \"verbose\""),
            ("search_errors", [:], "nothing to search for"),
            ("search_errors", ["query": "timeout", "domain": "nginxx"], "did you mean \"nginx\"?"),
            ("search_errors", ["query": "timeout", "version": "nginx >>> 1"], "--affects: "),
            ("search_errors", ["query": ":::"], "it has no words"),
            ("get_error", ["id": "ngnx/ssl-certificate-verify-failed"], "did you mean \"nginx/ssl-certificate-verify-failed\"?"),
            ("get_error", ["id": .string(Self.referenceID), "format": "xml"], "format must be seed or canon"),
            ("get_error_chain", ["id": .string(Self.referenceID), "depth": 99], "depth must be an integer from 1 to 10"),
            ("batch_match", ["inputs": .array(Array(repeating: "x", count: 11))], "must hold 1 to 10 items, not 11"),
            ("batch_match", ["inputs": "x"], "must be an array of strings"),
            ("report_outcome", ["id": .string(Self.referenceID), "workaround": 99, "result": "worked"], "workaround"),
            ("report_outcome", ["id": .string(Self.referenceID), "dead_end": 1, "result": "worked"], "a dead end outcome is confirmed"),
            ("report_outcome", ["id": "no/such", "workaround": 1, "result": "worked"], "no record with id \"no/such\""),
        ]
        for (tool, arguments, message) in cases {
            let result = try await session.call(tool, arguments)
            XCTAssertEqual(result.isError, true, "\(tool) \(arguments)")
            let text = Session.text(result)
            XCTAssertTrue(text.contains(message), "\(tool) \(arguments): \(text)")
            XCTAssertFalse(text.contains("\n"), "one line: \(text)")
        }
        do {
            _ = try await session.call("match_errors", ["text": "x"])
            XCTFail("an unknown tool is a JSON-RPC error")
        } catch let error as MCPError {
            XCTAssertEqual(error.code, -32602)
            XCTAssertTrue("\(error)".contains("did you mean \"match_error\"?"), "\(error)")
        }
        do {
            _ = try await session.client.readResource(uri: "errata://record/no/such")
            XCTFail("an unknown record is a JSON-RPC error")
        } catch let error as MCPError {
            XCTAssertEqual(error.code, -32602)
        }

        // 20 MB of output with the error line in the middle: answered, not crashed.
        var big = String(repeating: "INFO all is well, step 1234 of the build went fine\n", count: 200_000)
        big += Self.referenceLine + "\n" + String(repeating: "x", count: 5_000_000) + "\n"
        big += String(repeating: "INFO all is well, step 1234 of the build went fine\n", count: 100_000)
        XCTAssertGreaterThan(big.utf8.count, 20_000_000)
        let huge = try await session.structured("match_error", ["text": .string(big)])
        XCTAssertEqual(ids(huge).first, Self.referenceID)
        let stats = try await session.structured("stats")
        XCTAssertGreaterThan(stats["records"]?.intValue ?? 0, 0, "the server still answers")
        try await session.close()
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: cli.path("t.db"))), before, "no tool but report_outcome writes")
    }

    func testABurstOfConcurrentCallsGetsEachItsOwnAnswer() async throws {
        let session = try await Session(cli)
        let all = try XCTUnwrap(try cli.run(["search", "--domain", "python", "--ids", "--all-variants", "--limit", "100"]).stdout
            .split(separator: "\n").map(String.init) + cli.run(["search", "--domain", "nginx", "--ids", "--limit", "100"]).stdout.split(separator: "\n").map(String.init))
        XCTAssertGreaterThan(all.count, 5)
        let answers = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for i in 0..<200 {
                let id = all[i % all.count]
                group.addTask {
                    let record = try await session.structured("get_error", ["id": .string(id)])
                    return (id, record["id"]?.stringValue)
                }
            }
            var answers: [(String, String?)] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
        XCTAssertEqual(answers.count, 200)
        for (asked, got) in answers { XCTAssertEqual(got, asked) }
        try await session.close()
    }

    func testAnImportWhileServingIsSeenByTheNextCall() async throws {
        let session = try await Session(cli)
        let id = "mcp/imported-while-serving"
        let missing = try await session.call("get_error", ["id": .string(id)])
        XCTAssertEqual(missing.isError, true)
        var seed = try CLI.requireReferenceSeed()
        seed = seed.replacingOccurrences(of: "\"id\": \"\(Self.referenceID)\"", with: "\"id\": \"\(id)\"")
            .replacingOccurrences(of: "\"domain\": \"nginx\"", with: "\"domain\": \"mcp\"")
        let file = try cli.write("new.json", seed)
        XCTAssertEqual(try cli.run(["import", file]).code, 0)
        let found = try await session.structured("get_error", ["id": .string(id)])
        XCTAssertEqual(found["id"]?.stringValue, id)
        try await session.close()
    }

    func testWhatIsNotJSONRPCGetsAnErrorAndTheServerGoesOn() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["mcp"]
        process.environment = cli.environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lines = [
            "this is not json",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"stats\"}}",
        ]
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        var received = ""
        let deadline = Date().addingTimeInterval(20)
        while !received.contains("\"id\":2") && Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received += String(decoding: chunk, as: UTF8.self)
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        XCTAssertTrue(received.contains("-32700"), "a parse error for the first line: \(received)")
        XCTAssertTrue(received.contains("\"id\":2") && received.contains("records"), received)
        XCTAssertEqual(process.terminationStatus, 0)
    }

    func testTheCorpusThroughTheServer() async throws {
        try CLI.requireCorpus()
        XCTAssertEqual(try cli.run(["import", CLI.canons.path]).code, 0)
        let session = try await Session(cli)
        let search = try await session.structured("search_errors", ["query": "CrashLoopBackOff", "limit": 5])
        XCTAssertGreaterThan(search["total"]?.intValue ?? 0, 1)
        XCTAssertTrue(ids(search).contains { $0.hasPrefix("kubernetes/") }, "\(ids(search))")
        let paste = "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity; 13.20 GiB already allocated)"
        let match = try await session.structured("match_error", ["text": .string(paste)])
        let first = try XCTUnwrap(ids(match).first)
        // Every other tool, on a record of the corpus.
        let record = try await session.structured("get_error", ["id": .string(first), "format": "canon"])
        XCTAssertEqual(record["id"]?.stringValue, first)
        XCTAssertNotNil(record["error"]?.objectValue, "a canon has its error object")
        let chain = try await session.structured("get_error_chain", ["id": .string(first)])
        XCTAssertEqual(chain["id"]?.stringValue, first)
        let domains = try await session.structured("list_domains")
        XCTAssertGreaterThan(domains["domains"]?.arrayValue?.count ?? 0, 40)
        let stats = try await session.structured("stats")
        XCTAssertEqual(stats["records"]?.intValue, 2522 + 42)
        let batch = try await session.structured("batch_match", ["inputs": [.string(paste), "CrashLoopBackOff: back-off restarting failed container"]])
        XCTAssertEqual(batch["results"]?.arrayValue?.count, 2)
        let report = try await session.structured("report_outcome", ["id": .string(first), "workaround": 1, "result": "worked"])
        XCTAssertEqual(report["worked"], 1)
        try await session.close()
    }

    /// A second client that is not ours: the official Python `mcp` package
    /// (in `.build/mcp-venv`, which `.ci/run` makes) runs
    /// Scripts/mcp-python-client.py: every tool called, every structured
    /// result validated against its outputSchema with `jsonschema`.
    func testTheOfficialPythonClient() throws {
        let python = try CLI.requireProjectPython()
        let (code, printed) = try cli.runScript(python, "mcp-python-client.py", [CLI.binary.path, cli.path("t.db")])
        XCTAssertEqual(code, 0, printed)
        XCTAssertTrue(printed.contains("every call and schema checked"), printed)
    }
}
