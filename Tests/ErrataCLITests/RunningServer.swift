import Foundation
import XCTest

/// `errata serve` started through the real binary (which hands over to
/// errata-serve beside it) on a free loopback port, read from its
/// "listening on" line.
final class RunningServer {
    let process: Process
    let log: String
    let client: HTTPClient

    init(_ cli: CLI, _ arguments: [String], name: String = "serve") throws {
        log = cli.path(name + ".log")
        process = try cli.start(["serve", "--port", "0"] + arguments, stderrPath: log)
        let deadline = Date().addingTimeInterval(60)
        var port: Int?
        while port == nil && Date() < deadline && process.isRunning {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last ?? "")
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        guard let port else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw HTTPClient.Failure(description: "errata serve did not start: " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
        }
        client = HTTPClient(port: port)
    }

    /// A scratch CLI whose database holds the built-in seeds; skipped (saying
    /// so) when errata-serve was not built beside errata.
    static func seededCLI() throws -> CLI {
        let cli = try CLI()
        let server = CLI.binary.deletingLastPathComponent().appendingPathComponent("errata-serve")
        guard FileManager.default.isExecutableFile(atPath: server.path) else {
            throw XCTSkip("FAILED SETUP: \(server.path) not found; run the tests with `swift test`, which builds it")
        }
        XCTAssertEqual(try cli.run(["import", CLI.packageRoot.appendingPathComponent("seeds").path]).code, 0)
        return cli
    }

    var stderr: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// SIGTERM, then the exit status (the server finishes what is in flight first).
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
