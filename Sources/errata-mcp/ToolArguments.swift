import ErrataKit
import MCP

/// A tool's arguments as the client sent them, read with the checks a
/// JSON Schema would make and one-line messages naming the argument: a
/// client that ignores the input schema gets told, not crashed.
struct ToolArguments {
    let tool: String
    let values: [String: Value]

    init(tool: String, values: [String: Value]?, allowed: [String]) throws {
        self.tool = tool
        self.values = values ?? [:]
        if let unknown = self.values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw QueryFailure("\(tool): unknown argument \"\(unknown)\" (it takes \(allowed.joined(separator: ", ")))")
        }
    }

    private func present(_ name: String) -> Value? {
        guard let value = values[name], !value.isNull else { return nil }
        return value
    }

    func string(_ name: String) throws -> String? {
        guard let value = present(name) else { return nil }
        switch value {
        case .string(let s): return s
        // The SDK reads a string that looks like a data: URL as data.
        case .data(let mimeType, let data): return "data:" + (mimeType ?? "") + ";base64," + data.base64EncodedString()
        default: throw QueryFailure("\(tool): \(name) must be a string")
        }
    }

    func requiredString(_ name: String) throws -> String {
        guard let s = try string(name) else { throw QueryFailure("\(tool): \(name) is required") }
        return s
    }

    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let value = present(name) else { return fallback }
        let number: Int?
        switch value {
        case .int(let i): number = i
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: number = Int(d)
        default: number = nil
        }
        guard let number, range.contains(number) else {
            throw QueryFailure("\(tool): \(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func fraction(_ name: String) throws -> Double? {
        guard let value = present(name) else { return nil }
        let number: Double?
        switch value {
        case .int(let i): number = Double(i)
        case .double(let d): number = d
        default: number = nil
        }
        guard let number, (0...1).contains(number) else { throw QueryFailure("\(tool): \(name) must be a number from 0 to 1") }
        return number
    }

    func bool(_ name: String) throws -> Bool {
        guard let value = present(name) else { return false }
        guard case .bool(let b) = value else { throw QueryFailure("\(tool): \(name) must be true or false") }
        return b
    }

    func strings(_ name: String, count range: ClosedRange<Int>) throws -> [String] {
        guard case .array(let items)? = present(name) else { throw QueryFailure("\(tool): \(name) must be an array of strings") }
        guard range.contains(items.count) else {
            throw QueryFailure("\(tool): \(name) must hold \(range.lowerBound) to \(range.upperBound) items, not \(items.count)")
        }
        return try items.map { item in
            guard case .string(let s) = item else { throw QueryFailure("\(tool): \(name) must be an array of strings") }
            return s
        }
    }

    /// A workaround or dead end: its number from 1, or the start of its text.
    func action(_ name: String) throws -> String? {
        guard let value = present(name) else { return nil }
        switch value {
        case .int(let i): return String(i)
        case .string(let s): return s
        default: throw QueryFailure("\(tool): \(name) must be a number (from 1) or the start of the action's text")
        }
    }
}

/// Our ordered JSON as the SDK's value (object member order is not kept:
/// MCP clients read members by name).
enum ValueBridge {
    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(let n):
            if let i = n.int64Value, let small = Int(exactly: i) { return .int(small) }
            return .double(n.doubleValue)
        case .array(let items): return .array(items.map(value))
        case .object(let object):
            var members: [String: Value] = [:]
            for member in object.members { members[member.key] = value(member.value) }
            return .object(members)
        }
    }
}
