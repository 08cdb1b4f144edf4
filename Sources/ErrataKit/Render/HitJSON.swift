/// The JSON shapes of hits that `search --json`, `match --json`, the MCP
/// server and the HTTP API share (DESIGN: at least id, domain, category,
/// signature, score).
public enum HitJSON {
    /// The members every listing shares.
    public static func base(_ hit: RecordHit) -> JSONObject {
        JSONObject([
            .init("id", .string(hit.id)),
            .init("domain", .string(hit.domain)),
            .init("category", hit.category.map(JSONValue.string) ?? .null),
            .init("signature", .string(hit.signature)),
            .init("score", rounded(hit.score)),
        ])
    }

    /// The members of a ranked hit: its confidence and every environment
    /// of the error (the hit's own id first).
    public static func ranked(_ object: inout JSONObject, _ hit: RecordHit) {
        object.append("confidence", rounded(hit.confidence))
        object.append("confident", .bool(hit.confident))
        object.append("variants", .array(([hit.id] + hit.variants).map(JSONValue.string)))
    }

    public static func rounded(_ x: Double) -> JSONValue {
        .number(JSONNumber((x * 1000).rounded() / 1000))
    }

    public static func search(_ hit: SearchHit) -> JSONValue {
        var object = base(hit.record)
        // A listing by filters alone is in id order, not ranked: no score rather than a column of zeros.
        if hit.score == 0, let at = object.members.firstIndex(where: { $0.key == "score" }) { object.members[at].value = .null }
        if hit.score != 0 {
            ranked(&object, hit.record)
        }
        if let every = hit.hasEveryWord { object.append("every_word", .bool(every)) }
        if let snippet = hit.snippet {
            // The plain text and where the query's words are in it: brackets
            // could not be told from brackets in the text.
            object.append("snippet", .string(Searcher.plain(snippet)))
            object.append("highlights", .array(Searcher.highlightOffsets(snippet).map {
                .array([.number(JSONNumber(Int64($0.start))), .number(JSONNumber(Int64($0.end)))])
            }))
        }
        return .object(object)
    }
}

public enum MatchJSON {
    /// Each workaround with what was reported here, when anything was:
    /// "observed": {"worked", "failed"} and the "blended_rate" show orders by.
    public static func observed(_ workarounds: JSONValue?, rows: [ChildRow], _ rates: [String: ObservedRate]) -> JSONValue {
        guard case .array(let items)? = workarounds else { return .array([]) }
        return .array(items.enumerated().map { i, item in
            guard case .object(var object) = item, i < rows.count,
                  var rate = rates[OutcomeTarget.text(of: rows[i], kind: .workaround)], rate.observed > 0 else { return item }
            if case .number(let n)? = rows[i].values["success_rate"] { rate.declared = n.doubleValue }
            object.append("observed", .object(JSONObject([
                .init("worked", .number(JSONNumber(Int64(rate.worked)))), .init("failed", .number(JSONNumber(Int64(rate.failed)))),
            ])))
            object.append("blended_rate", rate.blended.map(HitJSON.rounded) ?? .null)
            return .object(object)
        })
    }

    public static func hit(_ hit: MatchHit, _ record: RecordData?, _ detail: ErrorLineCollector.LineDetail?,
                    outcomes: [Outcome.Kind: [String: ObservedRate]] = [:]) -> JSONValue {
        var object = HitJSON.base(hit.record)
        object.append("line", .string(hit.line))
        if let detail {
            object.append("source", .string(detail.source))
            object.append("line_number", .number(JSONNumber(Int64(detail.lineNumber))))
            object.append("occurrences", .number(JSONNumber(Int64(detail.occurrences))))
            if !detail.before.isEmpty || !detail.after.isEmpty {
                object.append("before", .array(detail.before.map(JSONValue.string)))
                object.append("after", .array(detail.after.map(JSONValue.string)))
            }
        }
        object.append("regex_matched", .bool(hit.regexMatched))
        HitJSON.ranked(&object, hit.record)
        if let record, case .object(let doc) = RecordEncoder.encode(record, as: .seed) {
            object.append("root_cause", doc["root_cause"] ?? .null)
            object.append("dead_ends", doc["dead_ends"] ?? .array([]))
            object.append("workarounds", observed(doc["workarounds"], rows: record.workarounds, outcomes[.workaround] ?? [:]))
        }
        return .object(object)
    }
}
