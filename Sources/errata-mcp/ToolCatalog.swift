import MCP

/// The tools `errata mcp` offers: names, descriptions written for a model,
/// input schemas, and output schemas that `structuredContent` follows
/// (`McpClientTests` validates every result against them).
enum ToolCatalog {
    static let readOnly = Tool.Annotations(readOnlyHint: true, openWorldHint: false)

    static var tools: [Tool] {
        [
            Tool(name: "match_error", title: "Match error output",
                 description: """
                    Paste raw error output (a traceback, build log, terminal output, stack trace) and get the \
                    known errors that explain it, best first: the root cause, the fixes that look right but FAIL \
                    (do not try them) and the fixes that work, with success rates. Call this BEFORE trying a fix \
                    for an error. When no record fits confidently it says so: then the error is not known here.
                    """,
                 inputSchema: object([
                    "text": ["type": "string", "minLength": 1, "description": "The raw output, as printed; several lines are fine (up to 20 MB)."],
                    "limit": ["type": "integer", "minimum": 1, "maximum": 20, "default": 3, "description": "At most this many records."],
                    "min_confidence": ["type": "number", "minimum": 0, "maximum": 1, "description": "Answer with records of at least this confidence instead of the calibrated threshold."],
                    "all_variants": ["type": "boolean", "default": false, "description": "List each environment of one error as its own hit."],
                 ], required: ["text"]),
                 annotations: readOnly, outputSchema: matchOutput),
            Tool(name: "search_errors", title: "Search known errors",
                 description: """
                    Search the knowledge base of software errors by keywords (e.g. "certificate verify failed", \
                    "CrashLoopBackOff OOMKilled"), optionally only one domain (nginx, python, docker, kubernetes, ...) \
                    or the records that affect a version ("nginx 1.24", "python>=3.12"). Returns ids, signatures \
                    and the matching text; call get_error with an id for the fixes.
                    """,
                 inputSchema: object([
                    "query": ["type": "string", "description": "Keywords; \"quoted phrases\" match in order, -word excludes. Optional when a filter is given."],
                    "domain": ["type": "string", "description": "Only records of this domain (list_domains lists them)."],
                    "category": ["type": "string", "description": "Only records of this category."],
                    "tag": ["type": "string", "description": "Only records with this tag."],
                    "version": ["type": "string", "description": "Only records that affect this version: [PRODUCT ][OP]VERSION, OP one of = >= <= > <, e.g. \"nginx 1.24\", \"python>=3.12\"."],
                    "min_confidence": ["type": "number", "minimum": 0, "maximum": 1, "description": "Only records whose own confidence is at least this."],
                    "limit": ["type": "integer", "minimum": 1, "maximum": 50, "default": 5, "description": "At most this many records."],
                    "offset": ["type": "integer", "minimum": 0, "default": 0, "description": "Skip this many records first (paging)."],
                 ], required: []),
                 annotations: readOnly, outputSchema: searchOutput),
            Tool(name: "get_error", title: "Get one error record",
                 description: "One record in full by its id (as match_error and search_errors return it): root cause, versions, dead ends with why they fail, workarounds with how, links to related errors.",
                 inputSchema: object([
                    "id": ["type": "string", "minLength": 1, "description": "The record id, e.g. nginx/ssl-certificate-verify-failed."],
                    "format": ["type": "string", "enum": ["seed", "canon"], "default": "seed", "description": "The JSON format of structuredContent."],
                 ], required: ["id"]),
                 annotations: readOnly, outputSchema: ["type": "object", "required": ["id"], "properties": ["id": ["type": "string"]]]),
            Tool(name: "get_error_chain", title: "Related errors",
                 description: "The graph around a record: what this error tends to lead to next, what precedes it, and what it is often confused with (and how to tell them apart).",
                 inputSchema: object([
                    "id": ["type": "string", "minLength": 1, "description": "The record id."],
                    "depth": ["type": "integer", "minimum": 1, "maximum": 10, "default": 2, "description": "How many links away to follow."],
                 ], required: ["id"]),
                 annotations: readOnly, outputSchema: chainOutput),
            Tool(name: "list_domains", title: "List domains",
                 description: "The domains (products, languages, tools) the knowledge base has records for, with how many each.",
                 inputSchema: object([:], required: []),
                 annotations: readOnly,
                 outputSchema: ["type": "object", "required": ["domains"], "properties": [
                    "domains": ["type": "array", "items": ["type": "object", "required": ["domain", "records"], "properties": [
                        "domain": ["type": "string"], "records": ["type": "integer"]]]]]]),
            Tool(name: "batch_match", title: "Match several outputs",
                 description: "match_error for up to 10 separate outputs at once (e.g. the failing steps of one CI run); each gets its own answer.",
                 inputSchema: object([
                    "inputs": ["type": "array", "minItems": 1, "maxItems": 10, "items": ["type": "string", "minLength": 1], "description": "The raw outputs, one string each."],
                    "limit": ["type": "integer", "minimum": 1, "maximum": 20, "default": 1, "description": "At most this many records per output."],
                 ], required: ["inputs"]),
                 annotations: readOnly,
                 outputSchema: ["type": "object", "required": ["results"], "properties": [
                    "results": ["type": "array", "items": matchOutput]]]),
            Tool(name: "report_outcome", title: "Report what happened",
                 description: """
                    After trying a workaround of a record, say whether it worked or failed (or that a dead end \
                    failed as the record says). Stored here, apart from the record; later answers order the \
                    workarounds by what was observed. Give workaround or dead_end by its number (from 1, as \
                    listed) or the start of its text.
                    """,
                 inputSchema: object([
                    "id": ["type": "string", "minLength": 1, "description": "The record id."],
                    "workaround": ["type": ["integer", "string"], "description": "The workaround: its number from 1, or the start of its text."],
                    "dead_end": ["type": ["integer", "string"], "description": "The dead end: its number from 1, or the start of its text."],
                    "result": ["type": "string", "enum": ["worked", "failed", "confirmed"], "description": "worked / failed for a workaround, confirmed for a dead end."],
                    "note": ["type": "string", "description": "A short note kept with the outcome."],
                 ], required: ["id", "result"]),
                 annotations: Tool.Annotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false),
                 outputSchema: ["type": "object", "required": ["id", "kind", "number", "result"], "properties": [
                    "id": ["type": "string"], "kind": ["type": "string"], "number": ["type": "integer"], "action": ["type": "string"],
                    "result": ["type": "string"], "worked": ["type": "integer"], "failed": ["type": "integer"], "confirmed": ["type": "integer"]]]),
            Tool(name: "stats", title: "Knowledge base statistics",
                 description: "How many records, versions, dead ends, workarounds and links the knowledge base holds, by domain, category and tier.",
                 inputSchema: object([:], required: []),
                 annotations: readOnly,
                 outputSchema: ["type": "object", "required": ["records"], "properties": ["records": ["type": "integer"]]]),
        ]
    }

    static let names = tools.map(\.name)

    static func object(_ properties: [String: Value], required: [String]) -> Value {
        ["type": "object", "properties": .object(properties), "required": .array(required.map(Value.string)), "additionalProperties": false]
    }

    static let hit: Value = ["type": "object", "required": ["id", "domain", "signature", "score"], "properties": [
        "id": ["type": "string"], "domain": ["type": "string"], "category": ["type": ["string", "null"]],
        "signature": ["type": "string"], "score": ["type": ["number", "null"]],
        "confidence": ["type": "number"], "confident": ["type": "boolean"],
        "variants": ["type": "array", "items": ["type": "string"]],
    ]]

    /// A search's hit: a hit, whether it has every word, and its snippet.
    static let searchHit: Value = {
        guard case .object(var object) = hit, case .object(var properties)? = object["properties"] else { return hit }
        properties["every_word"] = ["type": "boolean", "description": "The record has every word of the query; those come first."]
        properties["snippet"] = ["type": "string"]
        properties["highlights"] = ["type": "array", "description": "[start, end) offsets into the snippet, in Unicode code points.",
                                    "items": ["type": "array", "items": ["type": "integer"]]]
        object["properties"] = .object(properties)
        return .object(object)
    }()

    static let matchOutput: Value = ["type": "object", "required": ["answered", "hits"], "properties": [
        "answered": ["type": "boolean", "description": "Whether some record is a confident match."],
        "hits": ["type": "array", "items": hit],
    ]]

    static let searchOutput: Value = ["type": "object", "required": ["total", "total_exact", "every_word", "hits"], "properties": [
        "total": ["type": "integer"],
        "total_exact": ["type": "boolean", "description": "False when total counts the records past those ranked in full as one error each."],
        "every_word": ["type": "integer", "description": "How many of total have every word; they come first, the others have some."],
        "hits": ["type": "array", "items": searchHit],
    ]]

    static let chainOutput: Value = ["type": "object", "required": ["id", "nodes", "edges"], "properties": [
        "id": ["type": "string"],
        "nodes": ["type": "array", "items": ["type": "object", "required": ["id", "depth"], "properties": [
            "id": ["type": "string"], "depth": ["type": "integer"], "in_database": ["type": "boolean"], "signature": ["type": ["string", "null"]]]]],
        "edges": ["type": "array", "items": ["type": "object", "required": ["from", "kind", "to"], "properties": [
            "from": ["type": "string"], "kind": ["type": "string"], "to": ["type": "string"]]]],
    ]]
}
