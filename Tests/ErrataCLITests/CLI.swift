import Foundation
import SharedDataSupport
import XCTest

/// Runs the real `errata` binary that `swift test` built next to the test
/// bundle, in a temporary directory, and captures what it prints.
struct CLI {
    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
        var stdoutData: Data
    }

    static let binary: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("errata")
    }()

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    /// The reference record of ../shared/seeds, which the project carries byte for byte as a built-in seed.
    static let referenceSeed = packageRoot.appendingPathComponent("seeds/nginx/ssl-certificate-verify-failed.json")
    static let canons = shared.appendingPathComponent("corpus/deadends/canons")

    let directory: URL
    var environment: [String: String]

    /// A scratch directory with its own database (`t.db`) and HOME.
    init() throws {
        guard FileManager.default.isExecutableFile(atPath: CLI.binary.path) else {
            throw XCTSkip("FAILED SETUP: \(CLI.binary.path) not found; run the tests with `swift test`, which builds it")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("errata-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        environment = ["HOME": directory.path, "PATH": "/usr/bin:/bin", "ERRATA_DB": directory.appendingPathComponent("t.db").path]
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url.path
    }

    /// Starts errata in the background, output discarded (stderr to
    /// `stderrPath` when given); the caller waits for it.
    func start(_ arguments: [String], stderrPath: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        if let stderrPath {
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    @discardableResult
    /// `runner`, when given, is a command that runs errata (e.g. as another user).
    /// After `timeout` seconds the process is killed (and the test fails
    /// on the signal): for inputs that could make errata hang.
    func run(_ arguments: [String], stdin: Data? = nil, environment extra: [String: String] = [:], runner: [String] = [], timeout: Double? = nil) throws -> Result {
        let process = Process()
        if let first = runner.first {
            process.executableURL = URL(fileURLWithPath: first)
            process.arguments = runner.dropFirst() + [CLI.binary.path] + arguments
        } else {
            process.executableURL = CLI.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        process.environment = environment.merging(extra) { $1 }
        let out = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let err = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let timeout {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        let outData = try Data(contentsOf: out)
        let errData = try Data(contentsOf: err)
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        if process.terminationReason == .uncaughtSignal {
            XCTFail("errata \(arguments) died of signal \(process.terminationStatus)")
        }
        return Result(code: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// The Python of `.build/mcp-venv` (official `mcp` and `jsonschema`,
    /// which `.ci/run` installs); the test skips without it, fails under CI.
    static func requireProjectPython() throws -> String {
        let python = packageRoot.appendingPathComponent(".build/mcp-venv/bin/python").path
        try requireShared(python, "Python with the official mcp package and jsonschema (`bash .ci/run` installs them)")
        return python
    }

    /// Runs one of `Scripts/` with that Python: its exit code and what it
    /// printed (stdout and stderr together).
    func runScript(_ python: String, _ script: String, _ arguments: [String]) throws -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [CLI.packageRoot.appendingPathComponent("Scripts/" + script).path] + arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed)
    }

    static func requireReferenceSeed() throws -> String {
        try String(contentsOf: referenceSeed, encoding: .utf8)
    }

    /// A pretty-printed JSON document on one line (keys kept in order,
    /// unlike JSONSerialization). Strings in such text never span lines.
    static func oneLine(_ pretty: String) -> String {
        pretty.split(separator: "\n").map { $0.drop { $0 == " " } }.joined()
    }

    static func requireCorpus() throws {
        try requireShared(canons.path, "the deadends.dev corpus from ../shared/corpus")
    }

    static func requireShared(_ path: String, _ what: String) throws {
        try SharedData.require(path, what)
    }
}
