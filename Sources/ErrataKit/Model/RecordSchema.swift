/// JSON Schema (draft 2020-12) of the seed and canon formats, made from
/// `RecordSpec`, the tables the decoder itself walks: what the schema says
/// and what `import` accepts cannot drift apart. Members the spec does not
/// know are allowed (import keeps them). The decoder checks two things a
/// schema cannot: that a regex compiles, and that a date exists.
/// `schemas/*.schema.json` are this output (a test compares).
public enum RecordSchema {
    public static func document(for format: RecordFormat) -> JSONValue {
        var root = object(RecordSpec.spec(for: format), context: format == .seed ? "record" : "canon")
        let title = format == .seed ? "Errata seed record" : "Errata canon record (deadends.dev ErrorCanon)"
        let description = format == .seed
            ? "One error record in the seed format: a flat object, the format of errata's built-in seeds and of `errata export`."
            : "One error record in the canon format of deadends.dev (ErrorCanon): the error, its environment and verdict nested."
        root.members.insert(contentsOf: [
            .init("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            .init("$id", .string("https://errata.invalid/schemas/\(format.rawValue).schema.json")),
            .init("title", .string(title)),
            .init("description", .string(description + " A file holds one record, an array of records, or one record a line (NDJSON).")),
        ], at: 0)
        return .object(root)
    }

    static func object(_ spec: ObjectSpec, context: String) -> JSONObject {
        var properties = JSONObject()
        for (key, rule) in spec.fields {
            var property = schema(for: rule, key: key)
            property.members.insert(.init("description", .string(FieldDescriptions.text(key, context: context))), at: 0)
            properties.append(key, .object(property))
        }
        var out = JSONObject([.init("type", .string("object"))])
        if !spec.required.isEmpty { out.append("required", .array(spec.required.map(JSONValue.string))) }
        out.append("properties", .object(properties))
        return out
    }

    static func schema(for rule: FieldRule, key: String) -> JSONObject {
        switch rule {
        case .column(_, let type): return scalar(type)
        case .nested(let sub): return object(sub, context: key)
        case .children(let table): return array(.object(object(table.spec, context: key)))
        case .runtime: return object(RecordSpec.runtime, context: key)
        case .tags, .aliases, .translation, .sources: return array(.object(JSONObject([.init("type", .string("string"))])))
        case .transitions:
            return array(.object(JSONObject([.init("oneOf", .array([
                .object(idSchema),
                .object(object(RecordSpec.transition, context: "transition")),
            ]))])))
        }
    }

    static func array(_ items: JSONValue) -> JSONObject {
        JSONObject([.init("type", .string("array")), .init("items", items)])
    }

    static func types(_ names: String...) -> JSONValue {
        names.count == 1 ? .string(names[0]) : .array(names.map(JSONValue.string))
    }

    /// Two or three segments of a-z 0-9 . _ -, none of them "." or "..".
    static let idSchema = JSONObject([
        .init("type", .string("string")),
        .init("pattern", .string("^[a-z0-9._-]+/[a-z0-9._-]+(/[a-z0-9._-]+)?$")),
        .init("not", .object(JSONObject([.init("pattern", .string("(^|/)\\.\\.?(/|$)"))]))),
    ])

    static func scalar(_ type: FieldType) -> JSONObject {
        switch type {
        case .id: return idSchema
        case .text, .regex: return JSONObject([.init("type", types("string", "null"))])
        case .requiredText: return JSONObject([.init("type", types("string")), .init("minLength", .number(JSONNumber(Int64(1))))])
        case .rate:
            return JSONObject([.init("type", types("number", "null")), .init("minimum", .number(JSONNumber(Int64(0)))), .init("maximum", .number(JSONNumber(Int64(1))))])
        case .count: return JSONObject([.init("type", types("integer", "null")), .init("minimum", .number(JSONNumber(Int64(0))))])
        case .date: return JSONObject([.init("type", types("string", "null")), .init("pattern", .string("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"))])
        case .object: return JSONObject([.init("type", types("object", "null"))])
        case .resolvable: return JSONObject([.init("enum", .array([.string("true"), .string("partial"), .string("false"), .null]))])
        }
    }
}
