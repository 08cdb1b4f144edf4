/// The machine-readable summaries of `import --json` and `validate --json`.
public enum ImportJSON {
    public static func summary(_ summary: ImportSummary, dryRun: Bool, failures: [ImportFailure], imported: Bool) -> JSONValue {
        var object = JSONObject([
            .init("imported", .bool(imported && !dryRun)),
            .init("dry_run", .bool(dryRun)),
            .init("files", number(summary.files)),
            .init("records", number(summary.records)),
            .init("inserted", number(summary.inserted)),
            .init("updated", number(summary.updated)),
            .init("unchanged", number(summary.unchanged)),
            .init("failed_files", number(failures.count)),
        ])
        skipped(summary.skipped, into: &object)
        object.append("errors", .array(failures.map(error)))
        return .object(object)
    }

    public static func validation(_ report: Validator.Report) -> JSONValue {
        var object = JSONObject([
            .init("valid", .bool(report.failures.isEmpty)),
            .init("files", number(report.files)),
            .init("valid_files", number(report.files - report.failures.count)),
            .init("records", number(report.records)),
        ])
        skipped(report.skipped, into: &object)
        object.append("errors", .array(report.failures.map(error)))
        return .object(object)
    }

    private static func skipped(_ skipped: SkippedFiles, into object: inout JSONObject) {
        object.append("skipped_files", number(skipped.otherFiles))
        object.append("links_not_followed", number(skipped.linksNotFollowed))
        object.append("notes", .array(skipped.notes.map(JSONValue.string)))
    }

    /// One failure: its file, and its place split into line, column and JSON path.
    public static func error(_ failure: ImportFailure) -> JSONValue {
        let place = failure.place.trimmingSpacesAndColons
        var line: Int?, column: Int?, path: String?
        if let dollar = place.firstIndex(of: "$") {
            path = String(place[dollar...])
            line = Int(place[..<dollar].trimmingSpacesAndColons)
        } else {
            let parts = place.split(separator: ":")
            if parts.count == 2 { line = Int(parts[0]); column = Int(parts[1]) }
        }
        return .object(JSONObject([
            .init("file", .string(failure.file)),
            .init("line", line.map(number) ?? .null),
            .init("column", column.map(number) ?? .null),
            .init("path", path.map(JSONValue.string) ?? .null),
            .init("message", .string(failure.message)),
        ]))
    }

    static func number(_ n: Int) -> JSONValue { .number(JSONNumber(Int64(n))) }
}

extension StringProtocol {
    var trimmingSpacesAndColons: String {
        String(drop { $0 == " " || $0 == ":" }.reversed().drop { $0 == " " || $0 == ":" }.reversed())
    }
}
