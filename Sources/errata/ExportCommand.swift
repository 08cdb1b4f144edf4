import ArgumentParser
import ErrataKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write records as canonical JSON, rebuilt from the tables.",
        discussion: "One ID prints the object; several, --all or filters print an array (or NDJSON with --ndjson)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: FilterOptions

    @Flag(help: "Export every record (narrowed by any filters).")
    var all = false

    @Flag(help: "One compact record per line instead of an array.")
    var ndjson = false

    @Option(help: ArgumentHelp("Document format: seed (Errata's) or canon (deadends.dev ErrorCanon); default: each record's own.", valueName: "seed|canon"))
    var format: String?

    @Flag(name: .customLong("with-outcomes"), help: "Blend the outcomes reported here into each workaround's success_rate, marked as such (for sharing).")
    var withOutcomes = false

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file instead of standard output (- is standard output).", valueName: "file"))
    var output: String?

    @Argument(help: ArgumentHelp("Record ids, e.g. nginx/ssl-certificate-verify-failed.", valueName: "id"), completion: Completions.recordIDs)
    var ids: [String] = []

    func validate() throws {
        if ids.isEmpty && !all && filters.isEmpty {
            throw ValidationError("nothing to export: give record ids, --all, or a filter")
        }
        if let format, RecordFormat(rawValue: format) == nil {
            throw ValidationError("--format: expected seed or canon, got '\(format)'")
        }
    }

    func run() throws {
        let db = try global.open()
        let store = RecordStore(db)
        let rids: [Int64] = try reportingErrors {
            var rids: [Int64] = []
            // Each record once, however often it was named: twice in one
            // array would not import again (a duplicate id).
            for id in ids {
                guard let rid = try store.rid(of: id) else {
                    throw CommandFailure(store.missingIDMessage(id), code: 1)
                }
                if !rids.contains(rid) { rids.append(rid) }
            }
            if all || !filters.isEmpty {
                let filters = try filters.filters(in: db)
                let result = try Searcher(db: db).search(nil, filters: filters, limit: Int.max)
                if let mistake = try result.mistake(query: nil, filters: filters, in: db) { throw mistake }
                let given = Set(rids)
                rids += result.hits.map(\.rid).filter { !given.contains($0) }
            }
            return rids
        }
        let shape: Exporter.Shape = ndjson ? .ndjson : (rids.count == 1 && !all && filters.isEmpty ? .single : .array)
        var exporter = Exporter(store: store, format: format.flatMap(RecordFormat.init(rawValue:)))
        if withOutcomes {
            let outcomes = OutcomeStore(db)
            exporter.transform = { record, doc in try outcomes.blendingOutcomes(into: doc, of: record) }
        }
        if let output, output != "-" {
            guard let file = fopen(output, "w") else {
                throw CommandFailure("\(output): cannot write: \(String(cString: strerror(errno)))", code: 2)
            }
            var failed = false
            try reportingErrors {
                try exporter.export(rids: rids, shape: shape) { chunk in
                    if fwrite(chunk, 1, chunk.count, file) < chunk.count { failed = true }
                }
            }
            if fclose(file) != 0 || failed {
                throw CommandFailure("\(output): write failed: \(String(cString: strerror(errno)))", code: 2)
            }
        } else {
            try reportingErrors {
                try exporter.export(rids: rids, shape: shape) { chunk in
                    try chunk.withUnsafeBytes { try Terminal.writeBytes($0) }
                }
            }
        }
    }
}
