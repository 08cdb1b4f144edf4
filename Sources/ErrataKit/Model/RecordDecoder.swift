/// A record that breaks the format: where (a JSON path such as
/// `$.workarounds[1].success_rate`) and what was expected.
public struct RecordError: Error, Equatable, Sendable {
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}

/// Turns one JSON document (seed or canon, detected by shape) into
/// `RecordData`, validating every known member on the way.
public struct RecordDecoder {
    public var checkRegex: Bool

    public init(checkRegex: Bool = true) {
        self.checkRegex = checkRegex
    }

    /// The format a document is in: a canon nests its signature in `error`.
    public static func detectFormat(_ object: JSONObject) -> RecordFormat {
        if object["signature"] == nil, case .object? = object["error"] {
            return .canon
        }
        return .seed
    }

    public func decode(_ value: JSONValue, path: String = "$") throws(RecordError) -> RecordData {
        guard case .object(let object) = value else {
            throw RecordError(path: path, message: "expected a record object, got \(value.typeName)")
        }
        let format = Self.detectFormat(object)
        var record = RecordData(format: format)
        let spec = RecordSpec.spec(for: format)
        let layout = try decodeRecordObject(object, spec: spec, path: path, into: &record)
        record.layout = layout == spec.defaultLayout(format) ? nil : layout
        return record
    }

    private func decodeRecordObject(_ object: JSONObject, spec: ObjectSpec, path: @autoclosure () -> String, into record: inout RecordData) throws(RecordError) -> [LayoutItem] {
        try checkRequired(object, spec, path())
        var layout: [LayoutItem] = []
        for member in object.members {
            // Paths are for error messages: built only when one is thrown.
            func memberPath() -> String { path() + "." + member.key }
            guard let rule = spec.rule(for: member.key) else {
                layout.append(.kept(member.key, member.value))
                continue
            }
            switch rule {
            case .column(let column, let type):
                if let v = try check(member.value, type, memberPath()) { record.values[column] = v }
                layout.append(.key(member.key))
            case .nested(let sub):
                guard case .object(let inner) = member.value else {
                    throw RecordError(path: memberPath(), message: "expected an object, got \(member.value.typeName)")
                }
                layout.append(.nested(member.key, try decodeRecordObject(inner, spec: sub, path: memberPath(), into: &record)))
            case .children(let table):
                let items = try array(member.value, memberPath())
                var rows: [ChildRow] = []
                rows.reserveCapacity(items.count)
                for (i, item) in items.enumerated() {
                    rows.append(try decodeChild(item, spec: table.spec, format: record.format, path: "\(memberPath())[\(i)]"))
                }
                switch table {
                case .versions: record.versions += rows
                case .deadEnds: record.deadEnds = rows
                case .workarounds: record.workarounds = rows
                }
                layout.append(.key(member.key))
            case .runtime:
                record.versions.insert(try decodeChild(member.value, spec: RecordSpec.runtime, format: record.format, path: memberPath()), at: 0)
                layout.append(.key(member.key))
            case .tags:
                record.tags = try strings(member.value, memberPath())
                layout.append(.key(member.key))
            case .aliases:
                record.aliases = try strings(member.value, memberPath())
                layout.append(.key(member.key))
            case .translation(let list):
                let texts = try strings(member.value, memberPath())
                // An empty list and no list hold the same content; the layout keeps which it was.
                record.translations[list] = texts.isEmpty ? nil : texts
                layout.append(.key(member.key))
            case .transitions(let kind):
                let items = try array(member.value, memberPath())
                for (i, item) in items.enumerated() {
                    record.transitions.append(try decodeTransition(item, kind: kind, format: record.format, path: "\(memberPath())[\(i)]"))
                }
                layout.append(.key(member.key))
            case .sources:
                throw RecordError(path: memberPath(), message: "unexpected member")
            }
        }
        return layout
    }

    private func decodeChild(_ value: JSONValue, spec: ObjectSpec, format: RecordFormat, path: @autoclosure () -> String) throws(RecordError) -> ChildRow {
        guard case .object(let object) = value else {
            throw RecordError(path: path(), message: "expected an object, got \(value.typeName)")
        }
        try checkRequired(object, spec, path())
        var row = ChildRow()
        var layout: [LayoutItem] = []
        for member in object.members {
            func memberPath() -> String { path() + "." + member.key }
            switch spec.rule(for: member.key) {
            case .column(let column, let type)?:
                if let v = try check(member.value, type, memberPath()) { row.values[column] = v }
                layout.append(.key(member.key))
            case .sources?:
                row.sources = try strings(member.value, memberPath())
                layout.append(.key(member.key))
            default:
                layout.append(.kept(member.key, member.value))
            }
        }
        row.layout = layout == spec.defaultLayout(format) ? nil : layout
        return row
    }

    private func decodeTransition(_ value: JSONValue, kind: TransitionRow.Kind, format: RecordFormat, path: @autoclosure () -> String) throws(RecordError) -> TransitionRow {
        if case .string(let id) = value {
            try checkID(id, path())
            return TransitionRow(kind: kind, toID: id, isBareID: true)
        }
        guard case .object = value else {
            throw RecordError(path: path(), message: "expected a record id string or an object with error_id, got \(value.typeName)")
        }
        var row = try decodeChild(value, spec: RecordSpec.transition, format: format, path: path())
        let id = row.values.removeValue(forKey: "error_id")?.stringValue ?? ""
        return TransitionRow(kind: kind, toID: id, isBareID: false, values: row.values, layout: row.layout)
    }

    private func checkRequired(_ object: JSONObject, _ spec: ObjectSpec, _ path: @autoclosure () -> String) throws(RecordError) {
        for key in spec.required where object[key] == nil {
            throw RecordError(path: path() + "." + key, message: "missing required key")
        }
    }

    private func array(_ value: JSONValue, _ path: @autoclosure () -> String) throws(RecordError) -> [JSONValue] {
        guard case .array(let items) = value else {
            throw RecordError(path: path(), message: "expected an array, got \(value.typeName)")
        }
        return items
    }

    private func strings(_ value: JSONValue, _ path: @autoclosure () -> String) throws(RecordError) -> [String] {
        let items = try array(value, path())
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else {
                throw RecordError(path: "\(path())[\(i)]", message: "expected a string, got \(item.typeName)")
            }
            out.append(s)
        }
        return out
    }

    /// Validates a known member; nil means JSON null (absent from the columns).
    private func check(_ value: JSONValue, _ type: FieldType, _ path: @autoclosure () -> String) throws(RecordError) -> JSONValue? {
        switch type {
        case .requiredText:
            guard case .string(let s) = value, !s.isEmpty else {
                throw RecordError(path: path(), message: value.stringValue == "" ? "expected a non-empty string" : "expected a non-empty string, got \(value.typeName)")
            }
            return value
        case .id:
            guard case .string(let s) = value else {
                throw RecordError(path: path(), message: "expected a record id string, got \(value.typeName)")
            }
            try checkID(s, path())
            return value
        default:
            break
        }
        if case .null = value { return nil }
        switch type {
        case .text, .requiredText, .id:
            guard case .string = value else { throw RecordError(path: path(), message: "expected a string or null, got \(value.typeName)") }
        case .regex:
            guard case .string(let pattern) = value else { throw RecordError(path: path(), message: "expected a regex string or null, got \(value.typeName)") }
            if checkRegex, let error = PythonRegex.compileError(pattern) {
                throw RecordError(path: path(), message: "invalid regex at offset \(error.offset): \(error.message)")
            }
        case .rate:
            guard case .number(let n) = value else {
                throw RecordError(path: path(), message: "expected a number between 0 and 1, got \(value.typeName)")
            }
            let d = n.doubleValue
            guard d >= 0 && d <= 1 else {
                throw RecordError(path: path(), message: "expected a number between 0 and 1, got \(n.text)")
            }
        case .count:
            guard case .number(let n) = value, n.isInteger, let i = n.int64Value, i >= 0 else {
                throw RecordError(path: path(), message: "expected an integer >= 0, got \(Self.show(value))")
            }
        case .date:
            guard case .string(let s) = value, Self.isDate(s) else {
                throw RecordError(path: path(), message: "expected a date \"YYYY-MM-DD\" or null, got \(Self.show(value))")
            }
        case .object:
            guard case .object = value else { throw RecordError(path: path(), message: "expected an object, got \(value.typeName)") }
        case .resolvable:
            guard case .string(let s) = value, ["true", "partial", "false"].contains(s) else {
                throw RecordError(path: path(), message: "expected \"true\", \"partial\" or \"false\", got \(Self.show(value))")
            }
        }
        return value
    }

    private func checkID(_ id: String, _ path: @autoclosure () -> String) throws(RecordError) {
        if !Self.isValidID(id) {
            throw RecordError(path: path(), message: "expected an id like \"domain/slug\" (2 or 3 segments of a-z 0-9 . _ -), got \"\(id)\"")
        }
    }

    public static func isValidID(_ id: String) -> Bool {
        var copy = id
        return copy.withUTF8 { bytes in
            var segments = 1
            var length = 0       // of the current segment
            var dots = 0         // dots in the current segment
            for b in bytes {
                switch b {
                case UInt8(ascii: "/"):
                    if length == 0 || length == dots && dots <= 2 { return false }
                    segments += 1
                    length = 0
                    dots = 0
                    continue
                case UInt8(ascii: "."):
                    dots += 1
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "_"), UInt8(ascii: "-"):
                    break
                default:
                    return false
                }
                length += 1
            }
            // No empty segment, no "." or ".." segment (ids become file paths).
            if length == 0 || length == dots && dots <= 2 { return false }
            return segments == 2 || segments == 3
        }
    }

    static func isDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    private static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "\"" + (s.count > 40 ? String(s.prefix(40)) + "..." : s) + "\""
        case .number(let n): return n.text
        default: return value.typeName
        }
    }
}
