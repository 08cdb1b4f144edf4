import ArgumentParser
import ErrataKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one record in full: cause, versions, dead ends, workarounds, links."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the record as canonical seed JSON instead.")
    var json = false

    @Argument(help: ArgumentHelp("The record id, e.g. nginx/ssl-certificate-verify-failed.", valueName: "id"), completion: Completions.recordIDs)
    var id: String

    func run() throws {
        let db = try global.open()
        let store = RecordStore(db)
        let record = try reportingErrors { try store.load(id: id) }
        guard let record else {
            throw CommandFailure(store.missingIDMessage(id), code: 1)
        }
        if json {
            try Terminal.write(JSONWriter.pretty(RecordEncoder.encode(record, as: .seed)) + "\n")
            return
        }
        let linked = try reportingErrors {
            try Dictionary(record.transitions.map { ($0.toID, try store.signature(of: $0.toID)) }, uniquingKeysWith: { a, _ in a })
        }
        let outcomes = try reportingErrors { try OutcomeStore(db).tallies(recordID: record.id) }
        try Terminal.write(RecordText.render(record, linked: linked, outcomes: outcomes))
    }
}

/// The readable form of a record for `show` and `match`.
enum RecordText {
    static func render(_ record: RecordData, linked: [String: String?], outcomes: [Outcome.Kind: [String: ObservedRate]] = [:]) -> String {
        var out = Terminal.bold(Terminal.cyan(record.id)) + "\n"
        out += Terminal.bold(String(wrap(record.text("signature") ?? "", indent: 0).dropLast())) + "\n"
        if let zh = record.text("signature_zh") { out += wrap(zh, indent: 0) }
        var facts: [String] = []
        for (label, column) in [("domain", "domain"), ("category", "category"), ("subcategory", "subcategory"),
                                ("tier", "verification_tier"), ("confidence", "confidence"),
                                ("fix success", "fix_success_rate"), ("resolvable", "resolvable"), ("code", "error_code")] {
            if let value = record.values[column] { facts.append("\(label): \(plain(value))") }
        }
        out += Terminal.dim(String(wrap(facts.joined(separator: " · "), indent: 0).dropLast())) + "\n"
        var dates: [String] = []
        for (label, column) in [("first seen", "first_seen"), ("last confirmed", "last_confirmed"), ("updated", "last_updated"), ("evidence", "evidence_count")] {
            if let value = record.values[column] { dates.append("\(label) \(plain(value))") }
        }
        if !dates.isEmpty { out += Terminal.dim(String(wrap(dates.joined(separator: " · "), indent: 0).dropLast())) + "\n" }

        if let cause = record.text("root_cause") {
            out += section("Root cause") + wrap(cause, indent: 2)
            if let zh = record.text("root_cause_zh") { out += wrap(zh, indent: 2) }
        }
        if !record.versions.isEmpty {
            out += section("Versions")
            for v in record.versions {
                var line = v.values["version"]?.stringValue ?? v.values["product"]?.stringValue ?? "?"
                if let range = v.values["version_range"]?.stringValue { line += " " + range }
                var notes: [String] = []
                for key in ["status", "introduced", "deprecated", "removed", "behavior_change"] {
                    if let value = v.values[key]?.stringValue, !value.isEmpty {
                        notes.append(key == "status" ? value : "\(key.replacing("_", with: " ")) \(value)")
                    }
                }
                out += "  " + line + (notes.isEmpty ? "" : Terminal.dim(" (" + notes.joined(separator: ", ") + ")")) + "\n"
            }
        }
        out += deadEnds(record, observed: outcomes[.deadEnd] ?? [:])
        out += workarounds(record, observed: outcomes[.workaround] ?? [:])
        if let zh = record.translations[.workaroundsZh], !zh.isEmpty {
            out += section("Workarounds (zh)")
            for (i, text) in zh.enumerated() { out += wrap("\(i + 1). " + text, indent: 2, hanging: 5) }
        }
        if !record.transitions.isEmpty {
            out += section("Links")
            for t in record.transitions {
                var line = "  \(t.kind.label.padding(14)) \(t.toID)"
                if let signature = linked[t.toID] ?? nil {
                    line += Terminal.dim("  " + signature.singleLine)
                } else {
                    line += Terminal.yellow("  (not in database)")
                }
                out += line + "\n"
                for key in ["probability", "condition", "typical_delay", "distinction"] {
                    if let value = t.values[key] { out += Terminal.dim("      \(key.replacing("_", with: " ")): \(plain(value))") + "\n" }
                }
            }
        }
        var refs: [String] = []
        if let url = record.text("official_doc_url") { refs.append("docs: " + url + (record.text("official_doc_section").map { " (\($0))" } ?? "")) }
        if !record.tags.isEmpty { refs.append("tags: " + record.tags.joined(separator: ", ")) }
        if !record.aliases.isEmpty { refs.append("aliases: " + record.aliases.joined(separator: "; ")) }
        if let os = record.values["os_specific"], case .object(let o) = os, !o.isEmpty { refs.append("os: " + JSONWriter.compact(os)) }
        let kept = Layout.keptTree(record.layout ?? [])
        for member in kept.members { refs.append("\(member.key): " + plain(member.value)) }
        if !refs.isEmpty {
            out += section("More")
            for ref in refs { out += wrap(ref, indent: 2, hanging: 4) }
        }
        return out
    }

    static func deadEnds(_ record: RecordData, observed: [String: ObservedRate] = [:]) -> String {
        guard !record.deadEnds.isEmpty else { return "" }
        var out = section(Terminal.red("Dead ends: do NOT try"))
        for (i, row) in record.deadEnds.enumerated() {
            let text = OutcomeTarget.text(of: row, kind: .deadEnd)
            var head = text.isEmpty ? "(unnamed)" : text
            var rates: [String] = []
            if let rate = row.values["fail_rate"] { rates.append("fails \(percent(rate))") }
            if let seen = observed[text], seen.confirmed > 0 {
                rates.append("confirmed here \(seen.confirmed) \(seen.confirmed == 1 ? "time" : "times")")
            }
            if !rates.isEmpty { head += Terminal.dim("  (" + rates.joined(separator: " · ") + ")") }
            out += wrap("\(i + 1). " + head, indent: 2, hanging: 5)
            if nonEmpty(row.values["action"]) != nil, let why = nonEmpty(row.values["why_fails"]) {
                out += wrap("why: " + why, indent: 5)
            }
            for key in ["condition", "common_misconception", "tradeoff"] {
                if let text = nonEmpty(row.values[key]) { out += wrap(key.replacing("_", with: " ") + ": " + text, indent: 5) }
            }
        }
        return out
    }

    /// The workarounds, each with its own number (what `report` takes);
    /// when outcomes were reported here, ordered by the rate that blends
    /// the declared one with them, best first.
    static func workarounds(_ record: RecordData, observed: [String: ObservedRate] = [:]) -> String {
        guard !record.workarounds.isEmpty else { return "" }
        var out = section(Terminal.green("Workarounds: try these"))
        for (i, rate) in WorkaroundOrder.ordered(record, observed: observed) {
            let row = record.workarounds[i]
            let text = OutcomeTarget.text(of: row, kind: .workaround)
            var head = text.isEmpty ? "(unnamed)" : text
            var notes: [String] = []
            if let declared = row.values["success_rate"] { notes.append((rate.observed > 0 ? "declared " : "works ") + percent(declared)) }
            if rate.observed > 0 { notes.append("here \(rate.worked) of \(rate.observed) worked") }
            if !notes.isEmpty { head += Terminal.dim("  (" + notes.joined(separator: " · ") + ")") }
            out += wrap("\(i + 1). " + head, indent: 2, hanging: 5)
            if let how = nonEmpty(row.values["how"]), how != nonEmpty(row.values["action"]) {
                out += wrap("how: " + how, indent: 5)
            }
            for key in ["condition", "tradeoff"] {
                if let text = nonEmpty(row.values[key]) { out += wrap(key + ": " + text, indent: 5) }
            }
        }
        return out
    }

    static func section(_ title: String) -> String {
        "\n" + Terminal.bold(title) + "\n"
    }

    static func nonEmpty(_ value: JSONValue?) -> String? {
        guard let s = value?.stringValue, !s.isEmpty else { return nil }
        return s
    }

    static func plain(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return JSONWriter.compact(value)
    }

    static func percent(_ value: JSONValue) -> String {
        RecordMarkdown.percent(value)
    }

    /// Wraps to the terminal's width (`DisplayWidth.terminalColumns`);
    /// continuation lines indented to `hanging`.
    static func wrap(_ text: String, indent: Int, hanging: Int? = nil) -> String {
        DisplayWidth.wrap(text, width: DisplayWidth.terminalColumns, indent: indent, hanging: hanging ?? indent)
    }
}
