/// Rebuilds a record's JSON document from `RecordData`: in its own format
/// exactly as it came in (key order, nulls, kept members), or converted to
/// the other format with nothing that has a place there left out.
public enum RecordEncoder {
    public static func encode(_ record: RecordData, as target: RecordFormat? = nil) -> JSONValue {
        let target = target ?? record.format
        let spec = RecordSpec.spec(for: target)
        let layout: [LayoutItem]
        if target == record.format {
            layout = record.layout ?? spec.defaultLayout(target)
        } else {
            layout = crossFormatLayout(record, target: target, spec: spec)
        }
        let context = Context(record: record, target: target)
        return .object(context.object(layout, spec: spec))
    }

    /// The default layout of `target`, plus the members of the record that
    /// only `target`'s extension keys can carry, plus everything kept.
    private static func crossFormatLayout(_ record: RecordData, target: RecordFormat, spec: ObjectSpec) -> [LayoutItem] {
        var layout = spec.defaultLayout(target)
        if target == .canon {
            for (key, rule) in RecordSpec.seedOnly where hasData(record, rule) {
                layout.append(.key(key))
            }
        }
        return Layout.merge(Layout.keptTree(record.layout ?? []), into: layout)
    }

    /// A canon has one runtime range; a seed lists versions. The range that
    /// spans the listed versions of the first product: "==1.24.0" for one,
    /// ">=1.20.2,<=1.26.2" for several.
    static func listedRange(_ rows: [ChildRow], product: String?) -> String {
        let versions = rows.compactMap { row -> String? in
            guard let text = row.values["version"]?.stringValue else { return nil }
            let parsed = VersionText(text)
            return parsed.product == product ? parsed.version : nil
        }
        let sorted = versions.sorted { VersionKey.normalized($0) < VersionKey.normalized($1) }
        guard let low = sorted.first, let high = sorted.last else { return "" }
        return low == high ? "==" + low : ">=" + low + ",<=" + high
    }

    private static func hasData(_ record: RecordData, _ rule: FieldRule) -> Bool {
        switch rule {
        case .column(let column, _): return record.values[column] != nil
        case .tags: return !record.tags.isEmpty
        case .aliases: return !record.aliases.isEmpty
        case .translation(let list): return !(record.translations[list] ?? []).isEmpty
        default: return false
        }
    }

    private struct Context {
        let record: RecordData
        let target: RecordFormat

        func object(_ layout: [LayoutItem], spec: ObjectSpec) -> JSONObject {
            var out = JSONObject()
            out.members.reserveCapacity(layout.count)
            for item in layout {
                switch item {
                case .kept(let key, let value):
                    out.append(key, value)
                case .nested(let key, let sub):
                    if case .nested(let subSpec)? = spec.rule(for: key) {
                        out.append(key, .object(object(sub, spec: subSpec)))
                    }
                case .key(let key):
                    guard let rule = spec.rule(for: key) else { continue }
                    out.append(key, value(rule))
                }
            }
            return out
        }

        func value(_ rule: FieldRule) -> JSONValue {
            switch rule {
            case .column(let column, _):
                return record.values[column] ?? .null
            case .nested(let sub):
                return .object(object(sub.defaultLayout(target), spec: sub))
            case .children(let table):
                let rows: [ChildRow]
                switch table {
                case .versions: rows = record.versions
                case .deadEnds: rows = record.deadEnds
                case .workarounds: rows = record.workarounds
                }
                return .array(rows.map { .object(child($0, spec: table.spec)) })
            case .runtime:
                guard var row = record.versions.first else { return .object(JSONObject()) }
                if row.values["product"] == nil, let text = row.values["version"]?.stringValue {
                    let parsed = VersionText(text)
                    if let product = parsed.product { row.values["product"] = .string(product) }
                    if row.values["version_range"] == nil, parsed.version != nil {
                        row.values["version_range"] = .string(RecordEncoder.listedRange(record.versions, product: parsed.product))
                    }
                }
                return .object(child(row, spec: RecordSpec.runtime))
            case .tags:
                return .array(record.tags.map(JSONValue.string))
            case .aliases:
                return .array(record.aliases.map(JSONValue.string))
            case .translation(let list):
                return .array((record.translations[list] ?? []).map(JSONValue.string))
            case .transitions(let kind):
                return .array(record.transitions.filter { $0.kind == kind }.map(transition))
            case .sources:
                return .array([])
            }
        }

        func transition(_ row: TransitionRow) -> JSONValue {
            if row.isBareID { return .string(row.toID) }
            var child = ChildRow(values: row.values, layout: row.layout)
            child.values["error_id"] = .string(row.toID)
            return .object(self.child(child, spec: RecordSpec.transition))
        }

        func child(_ row: ChildRow, spec: ObjectSpec) -> JSONObject {
            let layout: [LayoutItem]
            if target == record.format {
                layout = row.layout ?? spec.defaultLayout(target)
            } else {
                layout = crossFormatChildLayout(row, spec: spec)
            }
            var out = JSONObject()
            for item in layout {
                switch item {
                case .kept(let key, let value):
                    out.append(key, value)
                case .key(let key), .nested(let key, _):
                    switch spec.rule(for: key) {
                    case .column(let column, _)?: out.append(key, row.values[column] ?? .null)
                    case .sources?: out.append(key, .array(row.sources.map(JSONValue.string)))
                    default: continue
                    }
                }
            }
            return out
        }

        /// Target defaults (a canon leaves out empty optional members), then
        /// any other member that has a value, then the kept ones.
        private func crossFormatChildLayout(_ row: ChildRow, spec: ObjectSpec) -> [LayoutItem] {
            var layout: [LayoutItem] = []
            let defaults = spec.defaultKeys(target)
            for key in defaults {
                if target == .canon, case .column(let column, _)? = spec.rule(for: key), row.values[column] == nil {
                    continue
                }
                layout.append(.key(key))
            }
            for (key, rule) in spec.fields where !defaults.contains(key) {
                if case .column(let column, _) = rule, row.values[column] != nil {
                    layout.append(.key(key))
                }
            }
            for item in row.layout ?? [] {
                if case .kept = item { layout.append(item) }
            }
            return layout
        }
    }
}
