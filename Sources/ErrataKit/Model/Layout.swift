/// The shape of one JSON object in a record: which known keys it had, in
/// what order, and the members Errata has no column for (kept verbatim).
public indirect enum LayoutItem: Equatable, Sendable {
    /// A known key whose value lives in a column or child table.
    case key(String)
    /// A known key holding a nested object whose members are known too.
    case nested(String, [LayoutItem])
    /// An unknown member, kept as it was.
    case kept(String, JSONValue)

    public var key: String {
        switch self {
        case .key(let k), .nested(let k, _), .kept(let k, _): return k
        }
    }
}

public enum Layout {
    /// A kept value with the path of object keys that leads to it.
    public struct Leaf: Equatable, Sendable {
        public var path: [String]
        public var value: JSONValue
    }

    /// Kept values flattened to leaves, objects opened up, so that the same
    /// extra data compares equal whether it sat inside a known object (canon)
    /// or in a top-level object of its own (the seed export of a canon).
    public static func keptLeaves(_ items: [LayoutItem], prefix: [String] = []) -> [Leaf] {
        var out: [Leaf] = []
        for item in items {
            switch item {
            case .key: continue
            case .nested(let k, let sub): out += keptLeaves(sub, prefix: prefix + [k])
            case .kept(let k, let value): flatten(value, path: prefix + [k], into: &out)
            }
        }
        return out
    }

    private static func flatten(_ value: JSONValue, path: [String], into out: inout [Leaf]) {
        if case .object(let object) = value, !object.isEmpty {
            for member in object.members {
                flatten(member.value, path: path + [member.key], into: &out)
            }
        } else {
            out.append(Leaf(path: path, value: value))
        }
    }

    /// The kept values regrouped as one object tree (for writing them into
    /// a document of another format).
    public static func keptTree(_ items: [LayoutItem]) -> JSONObject {
        var root = JSONObject()
        for leaf in keptLeaves(items) {
            insert(leaf.value, at: leaf.path[...], into: &root)
        }
        return root
    }

    private static func insert(_ value: JSONValue, at path: ArraySlice<String>, into object: inout JSONObject) {
        guard let head = path.first else { return }
        if path.count == 1 {
            object.append(head, value)
            return
        }
        if let index = object.members.firstIndex(where: { $0.key == head }), case .object(var child) = object.members[index].value {
            insert(value, at: path.dropFirst(), into: &child)
            object.members[index].value = .object(child)
        } else {
            var child = JSONObject()
            insert(value, at: path.dropFirst(), into: &child)
            object.append(head, .object(child))
        }
    }

    /// Adds kept values to a layout, inside the nested object of the same
    /// name where there is one (a canon's environment.os goes back into
    /// `environment`, next to the runtime).
    public static func merge(_ kept: JSONObject, into layout: [LayoutItem]) -> [LayoutItem] {
        var out = layout
        for member in kept.members {
            if case .object(let inner) = member.value,
               let index = out.firstIndex(where: { if case .nested(let k, _) = $0 { return k == member.key } else { return false } }),
               case .nested(let key, let sub) = out[index] {
                out[index] = .nested(key, merge(inner, into: sub))
            } else if !out.contains(where: { $0.key == member.key }) {
                out.append(.kept(member.key, member.value))
            }
        }
        return out
    }

    // MARK: storage form

    /// JSON for a `layout` column: "k" for a known key, ["k", value] for a
    /// kept member, {"k": [...]} for a nested known object.
    public static func encode(_ items: [LayoutItem]) -> String {
        JSONWriter.compact(json(items))
    }

    static func json(_ items: [LayoutItem]) -> JSONValue {
        .array(items.map { item in
            switch item {
            case .key(let k): return .string(k)
            case .kept(let k, let v): return .array([.string(k), v])
            case .nested(let k, let sub): return .object(JSONObject([.init(k, json(sub))]))
            }
        })
    }

    public static func decode(_ text: String) -> [LayoutItem]? {
        guard let value = try? JSONParser.parse(text) else { return nil }
        return items(value)
    }

    static func items(_ value: JSONValue) -> [LayoutItem]? {
        guard case .array(let array) = value else { return nil }
        var out: [LayoutItem] = []
        for element in array {
            switch element {
            case .string(let k): out.append(.key(k))
            case .array(let pair) where pair.count == 2:
                guard let k = pair[0].stringValue else { return nil }
                out.append(.kept(k, pair[1]))
            case .object(let o) where o.members.count == 1:
                guard let sub = items(o.members[0].value) else { return nil }
                out.append(.nested(o.members[0].key, sub))
            default: return nil
            }
        }
        return out
    }
}
