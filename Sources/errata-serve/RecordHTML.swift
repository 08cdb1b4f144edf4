import ErrataKit

/// A record as HTML: the same sections and order as `errata show` and the
/// MCP answers (dead ends before workarounds, marked "do not try";
/// workarounds best first by reported outcomes), with Chinese text beside
/// the English where the record has it.
enum RecordHTML {
    typealias Outcomes = [Outcome.Kind: [String: ObservedRate]]

    /// The whole record page's main part.
    static func page(_ record: RecordData, outcomes: Outcomes, signatures: [String: String]) -> String {
        var out = "<article class=\"record\">\n<p class=\"facts\">" + facts(record) + "</p>\n"
        out += "<h1><code>\(HTML.escape(record.id))</code></h1>\n"
        out += signature(record)
        if !record.versions.isEmpty {
            out += "<section><h2>Versions</h2>\n<table class=\"versions\"><thead><tr><th>Version</th><th>Status</th></tr></thead><tbody>\n"
            for version in record.versions {
                let name = [version.values["product"]?.stringValue, version.values["version"]?.stringValue ?? version.values["version_range"]?.stringValue]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                out += "<tr><td>\(HTML.escape(name))</td><td>\(HTML.escape(version.values["status"]?.stringValue ?? ""))</td></tr>\n"
            }
            out += "</tbody></table></section>\n"
        }
        out += body(record, outcomes: outcomes, signatures: signatures)
        var extra: [String] = []
        if let url = record.text("official_doc_url") { extra.append("<li>Official documentation: \(HTML.externalLink(url))</li>") }
        if !record.tags.isEmpty { extra.append("<li>Tags: " + record.tags.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: " ") + "</li>") }
        if !record.aliases.isEmpty { extra.append("<li>Also known as: " + record.aliases.map(HTML.escape).joined(separator: "; ") + "</li>") }
        extra.append("<li>JSON: <a href=\"/api/v1/records/\(HTML.escape(PathText.encode(record.id)))\">seed</a>, "
                      + "<a href=\"/api/v1/records/\(HTML.escape(PathText.encode(record.id)))?format=canon\">canon</a></li>")
        out += "<section><h2>More</h2><ul>\n" + extra.joined(separator: "\n") + "\n</ul></section>\n</article>\n"
        return out
    }

    static func facts(_ record: RecordData) -> String {
        var parts: [String] = []
        if let domain = record.text("domain") { parts.append("<a href=\"/domains/\(HTML.escape(PathText.encode(domain)))\">\(HTML.escape(domain))</a>") }
        for key in ["category", "verification_tier"] { if let value = record.text(key) { parts.append(HTML.escape(value)) } }
        if let confidence = record.values["confidence"], case .number(let n) = confidence {
            parts.append("confidence \(RecordMarkdown.percent(n.doubleValue))")
        }
        return parts.joined(separator: " · ")
    }

    static func signature(_ record: RecordData) -> String {
        var out = "<pre class=\"signature\">\(HTML.escape(record.text("signature") ?? ""))</pre>\n"
        if let zh = record.text("signature_zh") { out += "<pre class=\"signature\" lang=\"zh\">\(HTML.escape(zh))</pre>\n" }
        return out
    }

    /// Root cause, dead ends, workarounds, what comes next: the part a match hit shows too.
    static func body(_ record: RecordData, outcomes: Outcomes, signatures: [String: String]) -> String {
        var out = ""
        if let cause = record.text("root_cause") {
            out += "<section><h2>Root cause</h2><p>\(paragraphs(cause))</p>"
            if let zh = record.text("root_cause_zh") { out += "<p lang=\"zh\">\(paragraphs(zh))</p>" }
            out += "</section>\n"
        }
        if !record.deadEnds.isEmpty {
            out += "<section class=\"dead-ends\"><h2>Do not try <small>these look right and fail</small></h2><ol>\n"
            let confirmed = outcomes[.deadEnd] ?? [:]
            for row in record.deadEnds {
                let action = OutcomeTarget.text(of: row, kind: .deadEnd)
                out += "<li><span class=\"badge no\">do not try</span> <strong>\(paragraphs(action.isEmpty ? "(unnamed)" : action))</strong>"
                if let why = row.values["why_fails"]?.stringValue, !why.isEmpty, why != action {
                    out += "<p>Why it fails: \(paragraphs(why))</p>"
                }
                var rates: [String] = []
                if let rate = row.values["fail_rate"] { rates.append("fails \(RecordMarkdown.percent(rate))") }
                if let seen = confirmed[action], seen.confirmed > 0 { rates.append("confirmed here \(seen.confirmed)×") }
                if !rates.isEmpty { out += "<p class=\"rate\">\(HTML.escape(rates.joined(separator: " · ")))</p>" }
                out += "</li>\n"
            }
            out += "</ol></section>\n"
        }
        if !record.workarounds.isEmpty {
            out += "<section class=\"workarounds\"><h2>Try <small>these work, best first</small></h2><ol>\n"
            for (i, rate) in WorkaroundOrder.ordered(record, observed: outcomes[.workaround] ?? [:]) {
                let row = record.workarounds[i]
                let action = OutcomeTarget.text(of: row, kind: .workaround)
                out += "<li><strong>\(paragraphs(action.isEmpty ? "(unnamed)" : action))</strong>"
                if let how = row.values["how"]?.stringValue, !how.isEmpty, how != action {
                    out += "<pre class=\"how\">\(HTML.escape(how))</pre>"
                }
                var rates: [String] = []
                if let declared = row.values["success_rate"] { rates.append("works \(RecordMarkdown.percent(declared))") }
                if rate.observed > 0 { rates.append("here \(rate.worked) of \(rate.observed) worked") }
                if let condition = row.values["condition"]?.stringValue, !condition.isEmpty { rates.append("when \(condition)") }
                if !rates.isEmpty { out += "<p class=\"rate\">\(HTML.escape(rates.joined(separator: " · ")))</p>" }
                out += "</li>\n"
            }
            out += "</ol>"
            if let zh = record.translations[.workaroundsZh], !zh.isEmpty {
                out += "<ol lang=\"zh\">" + zh.map { "<li>\(paragraphs($0))</li>" }.joined() + "</ol>"
            }
            out += "</section>\n"
        }
        if !record.transitions.isEmpty {
            out += "<section><h2>What tends to come next, and related</h2><ul class=\"links\">\n"
            for link in record.transitions {
                out += "<li>\(HTML.escape(link.kind.label)) \(HTML.recordLink(link.toID))"
                if let p = link.values["probability"], case .number(let n) = p { out += " <span class=\"rate\">p \(HTML.escape(n.text))</span>" }
                if let signature = signatures[link.toID] { out += "<br><code>\(HTML.escape(RecordMarkdown.oneLine(signature, limit: 200)))</code>" }
                if let note = link.values["distinction"]?.stringValue ?? link.values["condition"]?.stringValue {
                    out += "<br><small>\(HTML.escape(note))</small>"
                }
                out += "</li>\n"
            }
            out += "</ul></section>\n"
        }
        return out
    }

    /// Text with its line breaks kept.
    static func paragraphs(_ text: String) -> String {
        HTML.escape(text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: "<br>")
    }
}
