// Built with every target by `swift build`, but of use only to the tests:
// without XCTest (a release build) it is empty.
#if canImport(XCTest)
import Foundation
import XCTest

/// `../shared` (the corpus and the benchmark sets, third-party data that
/// never enters the project), for the tests of both test targets.
public enum SharedData {
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let root: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    public static let canons = root.appendingPathComponent("corpus/deadends/canons")

    /// A test that needs `path` skips without it, saying so; under CI
    /// (`CI` set) it fails instead, so that a green run has run it. The
    /// skips of a run are counted and summed up in one line at its end.
    public static func require(_ path: String, _ what: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        if let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty {
            throw Missing(description: "\(path) is missing: this test needs \(what), and CI must run it")
        }
        SkipCounter.shared.count(path)
        throw XCTSkip("SKIPPED: \(path) is missing; this test needs \(what)")
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }
}

/// Prints, when the run ends, how many tests were skipped for missing
/// data: a green run that skipped half the suite must not look like a
/// full one.
final class SkipCounter: NSObject, XCTestObservation, @unchecked Sendable {
    static let shared: SkipCounter = {
        let counter = SkipCounter()
        XCTestObservationCenter.shared.addTestObserver(counter)
        return counter
    }()

    private let lock = NSLock()
    private var skipped = 0
    private var paths = Set<String>()

    func count(_ path: String) {
        lock.lock()
        skipped += 1
        paths.insert(path)
        lock.unlock()
    }

    func testBundleDidFinish(_ testBundle: Bundle) {
        lock.lock()
        defer { lock.unlock() }
        guard skipped > 0 else { return }
        print("SKIPPED \(skipped) tests: missing \(paths.sorted().joined(separator: ", ")) (../shared, third-party data the project does not carry); with CI=1 they fail instead")
    }
}
#endif
