/// Records as Markdown for a coding agent (the MCP tools' text results):
/// what it must know before it tries a fix. The dead ends come before the
/// workarounds, marked "do NOT try", because an agent's first idea is
/// often one of them.
public enum RecordMarkdown {
    /// A ranked match: the heading, the line it matched, then the record.
    public static func matchHit(_ hit: MatchHit, rank: Int, record: RecordData?, outcomes: [Outcome.Kind: [String: ObservedRate]] = [:]) -> String {
        var out = "### \(rank). \(hit.id)\n"
        out += facts([hit.domain, hit.category, "confidence \(percent(hit.confidence))" + (hit.confident ? "" : " (not a match)")])
        out += "**Error:** \(oneLine(hit.signature))\n"
        out += "**Matched line:** \(oneLine(hit.line, limit: 300))\n"
        if !hit.variants.isEmpty { out += "**Also seen as:** \(hit.variants.joined(separator: ", "))\n" }
        if let record { out += body(record, outcomes: outcomes) }
        return out
    }

    /// A search hit: heading, facts, the signature and the snippet.
    public static func searchHit(_ hit: SearchHit, rank: Int) -> String {
        var out = "### \(rank). \(hit.id)\n"
        out += facts([hit.domain, hit.category] + (hit.score == 0 ? [] : ["confidence \(percent(hit.confidence))"]))
        out += "**Error:** \(oneLine(hit.signature))\n"
        if let snippet = hit.snippet { out += "> " + oneLine(Searcher.plain(snippet)) + "\n" }
        if !hit.variants.isEmpty { out += "**Also seen as:** \(hit.variants.joined(separator: ", "))\n" }
        return out
    }

    /// One record in full: the same sections, with versions and links.
    public static func record(_ record: RecordData, outcomes: [Outcome.Kind: [String: ObservedRate]] = [:]) -> String {
        var out = "## \(record.id)\n"
        out += facts([record.text("domain"), record.text("category"), record.text("verification_tier")])
        out += "**Error:** \(oneLine(record.text("signature") ?? ""))\n"
        if !record.versions.isEmpty {
            let versions = record.versions.map { v in
                [v.values["product"]?.stringValue, v.values["version"]?.stringValue ?? v.values["version_range"]?.stringValue,
                 v.values["status"]?.stringValue.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            }
            out += "**Versions:** \(versions.joined(separator: "; "))\n"
        }
        out += body(record, outcomes: outcomes)
        if let url = record.text("official_doc_url") { out += "**Docs:** \(url)\n" }
        return out
    }

    /// Root cause, dead ends, workarounds (in `WorkaroundOrder`), what comes next.
    static func body(_ record: RecordData, outcomes: [Outcome.Kind: [String: ObservedRate]]) -> String {
        var out = ""
        if let cause = record.text("root_cause") { out += "**Root cause:** \(oneLine(cause))\n" }
        if !record.deadEnds.isEmpty {
            out += "\n**Do NOT try** (these look right and fail):\n"
            let confirmed = outcomes[.deadEnd] ?? [:]
            for (i, row) in record.deadEnds.enumerated() {
                let action = OutcomeTarget.text(of: row, kind: .deadEnd)
                var line = "\(i + 1). \(oneLine(action.isEmpty ? "(unnamed)" : action))"
                if let why = row.values["why_fails"]?.stringValue, !why.isEmpty, why != action { line += " — why it fails: \(oneLine(why))" }
                var rates: [String] = []
                if let rate = row.values["fail_rate"] { rates.append("fails \(percent(rate))") }
                if let seen = confirmed[action], seen.confirmed > 0 { rates.append("confirmed here \(seen.confirmed)x") }
                if !rates.isEmpty { line += " (\(rates.joined(separator: "; ")))" }
                out += line + "\n"
            }
        }
        if !record.workarounds.isEmpty {
            out += "\n**Try** (these work, best first):\n"
            for (i, rate) in WorkaroundOrder.ordered(record, observed: outcomes[.workaround] ?? [:]) {
                let row = record.workarounds[i]
                let action = OutcomeTarget.text(of: row, kind: .workaround)
                var line = "\(i + 1). \(oneLine(action.isEmpty ? "(unnamed)" : action))"
                if let how = row.values["how"]?.stringValue, !how.isEmpty, how != action { line += " — how: \(oneLine(how))" }
                var rates: [String] = []
                if let declared = row.values["success_rate"] { rates.append("works \(percent(declared))") }
                if rate.observed > 0 { rates.append("here \(rate.worked) of \(rate.observed) worked") }
                if let condition = row.values["condition"]?.stringValue, !condition.isEmpty { rates.append("when \(oneLine(condition))") }
                if !rates.isEmpty { line += " (\(rates.joined(separator: "; ")))" }
                out += line + "\n"
            }
        }
        let links = record.transitions.map { t in
            "\(t.kind.label) \(t.toID)" + (t.values["probability"].map { " (p \(plain($0)))" } ?? "")
        }
        if !links.isEmpty { out += "\n**What tends to come next / related:** \(links.joined(separator: "; "))\n" }
        return out
    }

    static func facts(_ parts: [String?]) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ") + "\n"
    }

    /// A text on one line, cut at `limit` characters.
    public static func oneLine(_ text: String, limit: Int = 2_000) -> String {
        let flat = text.joiningLines(with: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    /// A rate as a whole percentage: 0.85 and 0.846 both read "85%".
    public static func percent(_ value: JSONValue) -> String {
        guard case .number(let n) = value else { return plain(value) }
        return percent(n.doubleValue)
    }

    public static func percent(_ x: Double) -> String {
        "\(Int((x * 100).rounded()))%"
    }

    static func plain(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return JSONWriter.compact(value)
    }
}
