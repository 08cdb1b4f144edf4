// The JSON of `stats --json` and `chain --json`, which the MCP server and
// the HTTP API give too: rendering lives here, beside the hits', not in
// the Store types that count and walk.

extension Statistics {
    public var json: JSONValue {
        func counts(_ pairs: [(String, Int)]) -> JSONValue {
            .object(JSONObject(pairs.map { .init($0.0, .number(JSONNumber(Int64($0.1)))) }))
        }
        func n(_ i: Int) -> JSONValue { .number(JSONNumber(Int64(i))) }
        return .object(JSONObject([
            .init("records", n(records)),
            .init("versions", n(versions)),
            .init("dead_ends", n(deadEnds)),
            .init("workarounds", n(workarounds)),
            .init("transitions", n(transitions)),
            .init("by_domain", counts(byDomain)),
            .init("by_category", counts(byCategory)),
            .init("by_tier", counts(byTier)),
            .init("dangling", .array(dangling.map { d in
                .object(JSONObject([.init("from", .string(d.fromID)), .init("kind", .string(d.kind)), .init("to", .string(d.toID))]))
            })),
            .init("outcomes", n(outcomes)),
            .init("orphaned_outcomes", n(orphanedOutcomes)),
        ]))
    }
}

extension ErrorGraph {
    public var json: JSONValue {
        func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        return .object(JSONObject([
            .init("id", .string(root)),
            .init("nodes", .array(nodes.map { node in
                .object(JSONObject([
                    .init("id", .string(node.id)),
                    .init("depth", .number(JSONNumber(Int64(node.depth)))),
                    .init("in_database", .bool(node.signature != nil)),
                    .init("signature", optional(node.signature)),
                ]))
            })),
            .init("edges", .array(edges.map { edge in
                .object(JSONObject([
                    .init("from", .string(edge.from)),
                    .init("kind", .string(edge.kind.rawValue)),
                    .init("to", .string(edge.to)),
                    .init("probability", edge.probability.map { .number(JSONNumber($0)) } ?? .null),
                    .init("condition", optional(edge.condition)),
                    .init("distinction", optional(edge.distinction)),
                    .init("declared", .bool(edge.declared)),
                ]))
            })),
        ]))
    }
}
