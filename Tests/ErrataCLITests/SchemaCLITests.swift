import Foundation
import XCTest

/// The JSON Schemas of the two formats: what `errata schema` prints is what
/// the repository holds, and an independent validator (Python's
/// `jsonschema`) agrees with the importer on good and bad records.
final class SchemaCLITests: XCTestCase {
    var cli: CLI!

    override func setUpWithError() throws {
        cli = try CLI()
    }

    func testTheSchemaFilesAreWhatErrataPrints() throws {
        for format in ["seed", "canon"] {
            let printed = try cli.run(["schema", format])
            XCTAssertEqual(printed.code, 0, printed.stderr)
            let file = try String(contentsOf: CLI.packageRoot.appendingPathComponent("schemas/\(format).schema.json"), encoding: .utf8)
            XCTAssertEqual(printed.stdout, file, "schemas/\(format).schema.json is stale: errata schema \(format) > schemas/\(format).schema.json")
        }
        let bad = try cli.run(["schema", "yaml"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.stderr.contains("expected seed or canon"), bad.stderr)
    }

    /// Every built-in seed and corpus canon validates; records the importer
    /// refuses for their shape fail the schema too (each is first checked
    /// to be refused by `errata validate`).
    func testAnIndependentValidatorAgreesWithTheImporter() throws {
        let python = try CLI.requireProjectPython()
        try CLI.requireCorpus()
        let reference = try CLI.requireReferenceSeed()
        let wrongShapes: [(String, String)] = [
            ("\"evidence_count\": 1", "\"evidence_count\": \"one\""),
            ("\"domain\": \"nginx\",", ""),
            ("\"success_rate\": 0.85", "\"success_rate\": 1.2"),
            ("\"first_seen\": \"2024-01-20\"", "\"first_seen\": \"20/01/2024\""),
            ("\"id\": \"nginx/ssl-certificate-verify-failed\"", "\"id\": \"Nginx/SSL verify\""),
            ("\"signature\": \"SSL: certificate verify failed while SSL handshaking to upstream\"", "\"signature\": \"\""),
            ("\"resolvable\": \"true\"", "\"resolvable\": \"maybe\""),
            ("\"dead_ends\": [", "\"dead_ends\": {\"x\": ["),
        ]
        var invalid: [String] = []
        for (i, (from, to)) in wrongShapes.enumerated() {
            XCTAssertTrue(reference.contains(from), from)
            var text = reference.replacing(from, with: to)
            if to.hasSuffix("{\"x\": [") { text = text.replacing("],\n  \"workarounds\"", with: "]},\n  \"workarounds\"") }
            let path = try cli.write("bad-\(i).json", text)
            let refused = try cli.run(["validate", path])
            XCTAssertEqual(refused.code, 2, "the importer refuses \(to): \(refused.stderr)")
            invalid.append(path)
        }
        let (code, printed) = try cli.runScript(python, "validate-schemas.py", [CLI.packageRoot.appendingPathComponent("schemas").path,
            "--valid", CLI.packageRoot.appendingPathComponent("seeds").path, CLI.canons.path, "--invalid"] + invalid)
        XCTAssertEqual(code, 0, printed)
        XCTAssertTrue(printed.contains("\(wrongShapes.count) bad ones refused, 0 problems"), printed)
    }
}
