#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something to import: a file or standard input (read by path), or bytes
/// already in memory (the built-in seeds, tests).
public enum InputSource: Sendable {
    case path(String)
    case bytes(name: String, bytes: [UInt8])

    /// Text in memory is its UTF-8 bytes.
    public static func text(name: String, text: String) -> InputSource {
        .bytes(name: name, bytes: Array(text.utf8))
    }

    public var name: String {
        switch self {
        case .path(let p): return p == "-" ? "<stdin>" : p
        case .bytes(let name, _): return name
        }
    }

    /// NDJSON files are streamed line by line; everything else is read whole.
    var isLineDelimited: Bool {
        if case .path(let p) = self { return p.hasSuffix(".ndjson") || p.hasSuffix(".jsonl") }
        return false
    }

    public static let importableExtensions = [".json", ".ndjson", ".jsonl"]

    /// Expands command-line paths: directories walked (`DirectoryWalk`),
    /// "-" as stdin. A path named on the command line is read whatever it
    /// is (a FIFO from `<(...)` included).
    public static func expand(_ paths: [String], followLinks: Bool = false) throws -> InputSet {
        var out = InputSet()
        for path in paths {
            if path != "-" && FileSystem.isDirectory(path) {
                let walk = try DirectoryWalk(path, extensions: importableExtensions, followLinks: followLinks)
                out.sources += walk.files.map(InputSource.path)
                out.skipped.otherFiles += walk.otherFiles
                out.skipped.linksNotFollowed += walk.linksNotFollowed
                out.skipped.notes += walk.notes
            } else {
                out.sources.append(.path(path))
            }
        }
        return out
    }
}

/// The inputs of a command, and what its directory walks left out.
public struct InputSet: Sendable {
    public var sources: [InputSource] = []
    public var skipped = SkippedFiles()
}

/// What directory walks left out, for the command's summary.
public struct SkippedFiles: Equatable, Sendable {
    /// Files of other extensions.
    public var otherFiles = 0
    /// Symbolic links not followed (no --follow).
    public var linksNotFollowed = 0
    /// FIFOs, sockets, devices, loops: one line each.
    public var notes: [String] = []

    public init() {}

    /// ", 7 files skipped (not .json, .ndjson, .jsonl), 2 symbolic links not followed (--follow)", or "".
    public var summary: String {
        var out = ""
        if otherFiles > 0 {
            out += ", \(Count.of(otherFiles, "file")) skipped (not \(InputSource.importableExtensions.joined(separator: ", ")))"
        }
        if linksNotFollowed > 0 {
            out += ", \(Count.of(linksNotFollowed, "symbolic link")) not followed (--follow)"
        }
        return out
    }
}

/// One bad input: the file, the place in it, and what was expected.
public struct ImportFailure: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    /// "12:5" for a syntax error, "$.workarounds[1].success_rate" for content,
    /// "line 7: $.id" inside an NDJSON file; empty when the whole file is meant.
    public var place: String
    public var message: String
    /// An import that stops at this failure still reads the files after
    /// it, so that one run names every bad file: their failures.
    public var later: [ImportFailure] = []

    public init(file: String, place: String, message: String) {
        self.file = file
        self.place = place
        self.message = message
    }

    public var description: String {
        place.isEmpty ? "\(file): \(message)" : "\(file):\(place): \(message)"
    }

    /// This failure and the later ones.
    public var all: [ImportFailure] {
        var first = self
        first.later = []
        return [first] + later
    }
}

public struct ImportOptions {
    public var dryRun = false
    public var keepGoing = false
    /// Follow symbolic links inside walked directories.
    public var followLinks = false
    /// Called now and then with the running totals (for a progress line).
    public var progress: ((ImportSummary) -> Void)?
    /// Asked before each record; true stops the import with
    /// `ImportInterrupted`, its open transaction rolled back (a signal).
    public var stopRequested: (() -> Bool)?

    public init(dryRun: Bool = false, keepGoing: Bool = false, followLinks: Bool = false, progress: ((ImportSummary) -> Void)? = nil, stopRequested: (() -> Bool)? = nil) {
        self.dryRun = dryRun
        self.keepGoing = keepGoing
        self.followLinks = followLinks
        self.progress = progress
        self.stopRequested = stopRequested
    }
}

/// An import stopped on request: the transaction it was in is rolled back;
/// `kept` counts what earlier transactions committed (files before it with
/// `keepGoing`, else nothing).
public struct ImportInterrupted: Error, Sendable {
    public var kept: ImportSummary

    public init(kept: ImportSummary = ImportSummary()) {
        self.kept = kept
    }
}

public struct ImportSummary: Equatable, Sendable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var failed = 0
    public var files = 0
    public var failures: [ImportFailure] = []
    /// What the directory walks left out.
    public var skipped = SkippedFiles()

    public var records: Int { inserted + updated + unchanged }

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, failed: Int = 0, files: Int = 0) {
        (self.inserted, self.updated, self.unchanged, self.failed, self.files) = (inserted, updated, unchanged, failed, files)
    }
}

/// Imports seed and canon documents: upsert by id, every record validated,
/// all of it in one transaction (one per file with `keepGoing`), so that a
/// bad input leaves the database exactly as it was.
public final class Importer {
    public let store: RecordStore
    /// Records written by this import, to catch an id given twice.
    private var touched = Set<Int64>()
    private var summary = ImportSummary()
    private var options = ImportOptions()
    private var sinceProgress = 0

    public init(store: RecordStore) {
        self.store = store
    }

    public func importPaths(_ paths: [String], options: ImportOptions) throws -> ImportSummary {
        let inputs: InputSet
        do {
            inputs = try InputSource.expand(paths, followLinks: options.followLinks)
        } catch let failure as FileSystem.Failure {
            throw ImportFailure(file: failure.path, place: "", message: failure.reason)
        }
        var summary = try importSources(inputs.sources, options: options)
        summary.skipped = inputs.skipped
        return summary
    }

    /// Imports everything or, on the first bad record, nothing (throwing the
    /// `ImportFailure`); with `keepGoing`, each file on its own.
    public func importSources(_ sources: [InputSource], options: ImportOptions) throws -> ImportSummary {
        self.options = options
        summary = ImportSummary()
        touched = []
        sinceProgress = 0
        let db = store.db
        let pipeline = try ImportPipeline(sources: sources)
        defer { pipeline.finish() }
        if options.keepGoing {
            while let source = pipeline.nextSource() {
                let before = summary
                let touchedBefore = touched
                do {
                    try run(db) { try self.importRecords(of: source, from: pipeline) }
                } catch is ImportInterrupted {
                    throw ImportInterrupted(kept: options.dryRun ? ImportSummary() : before)
                } catch let failure as ImportFailure {
                    summary = before
                    touched = touchedBefore
                    summary.failed += 1
                    summary.failures.append(failure)
                }
            }
        } else {
            do {
                try run(db) {
                    while let source = pipeline.nextSource() { try self.importRecords(of: source, from: pipeline) }
                }
            } catch is ImportInterrupted {
                throw ImportInterrupted(kept: ImportSummary())
            } catch var failure as ImportFailure {
                // Nothing was written; the files after the bad one are still
                // read and checked, so that one run names every bad file.
                while pipeline.nextSource() != nil {
                    do {
                        while try pipeline.nextRecord() != nil {
                            if options.stopRequested?() == true { throw ImportInterrupted() }
                        }
                    } catch let later as ImportFailure {
                        failure.later.append(later)
                    }
                }
                throw failure
            }
        }
        if !options.dryRun {
            // The records are committed whatever happens here: a merge that
            // fails (a full disk, say) or is stopped by a signal leaves the
            // index as FTS5 wrote it, slower to read, not wrong, and is not
            // the import's failure.
            _ = try? SearchIndex.mergeAfterImport(db, written: summary.inserted + summary.updated,
                                                  stopRequested: options.stopRequested)
        }
        return summary
    }

    private func run(_ db: Database, _ body: () throws -> Void) throws {
        if options.dryRun {
            try db.inSavepoint(rollingBack: true, body)
        } else {
            try db.inTransaction(.immediate, body)
        }
    }

    private func importRecords(of source: InputSource, from pipeline: ImportPipeline) throws {
        summary.files += 1
        while let (rows, place) = try pipeline.nextRecord() {
            if options.stopRequested?() == true { throw ImportInterrupted(kept: ImportSummary()) }
            try upsert(rows, file: source.name, place: place)
            sinceProgress += 1
            if sinceProgress >= 512, let progress = options.progress {
                sinceProgress = 0
                progress(summary)
            }
        }
    }

    private func upsert(_ rows: RecordRows, file: String, place: String) throws {
        let record = rows.record
        if let rid = try store.rid(of: record.id) {
            if touched.contains(rid) {
                throw ImportFailure(file: file, place: place + ".id",
                                    message: "duplicate id \"\(record.id)\": this import already has a record with it")
            }
            if let stored = try store.load(rid: rid), Self.unchanged(stored, record) {
                touched.insert(rid)
                summary.unchanged += 1
                return
            }
            try store.delete(rid: rid)
            touched.insert(try store.insert(rows))
            summary.updated += 1
        } else {
            touched.insert(try store.insert(rows))
            summary.inserted += 1
        }
    }

    /// The same document (same format, same shape) or the same content in
    /// the other format: either way there is nothing to write.
    static func unchanged(_ stored: RecordData, _ incoming: RecordData) -> Bool {
        stored.format == incoming.format ? stored == incoming : stored.sameContent(as: incoming)
    }
}
