/// "PRODUCT VERSION" as a seed writes it ("nginx 1.24.0", "ros2 humble",
/// "AWS Lambda 2"): the last word is the version, the rest the product.
public struct VersionText: Equatable, Sendable {
    public var product: String?
    public var version: String?

    public init(_ text: String) {
        let trimmed = text.trimmingSpaces
        if let space = trimmed.lastIndex(of: " ") {
            product = String(trimmed[..<space]).trimmingSpaces
            version = String(trimmed[trimmed.index(after: space)...])
        } else if let first = trimmed.first, first.isNumber || ((first == "v" || first == "V") && trimmed.dropFirst().first?.isNumber == true) {
            version = trimmed
        } else if !trimmed.isEmpty {
            product = trimmed
        }
    }
}

/// Sortable keys for versions: each numeric component zero-padded to ten
/// digits, so that SQL text comparison is numeric comparison. Anything that
/// is not purely numeric becomes "~" + lower-cased text (sorts after all
/// numbers, equal only to itself).
public enum VersionKey {
    static let width = 10

    /// Numeric components of `v`, or nil when it is not a plain number list.
    static func components(_ v: String) -> [String]? {
        var text = Substring(v.lowercased())
        if text.hasPrefix("v") { text = text.dropFirst() }
        while text.hasSuffix(".x") || text.hasSuffix(".*") { text = text.dropLast(2) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return nil }
        var out: [String] = []
        for part in parts {
            guard !part.isEmpty, part.count <= width, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            out.append(String(part))
        }
        return out
    }

    static func pad(_ c: String) -> String {
        let trimmed = c.drop { $0 == "0" }
        let digits = trimmed.isEmpty ? "0" : String(trimmed)
        return String(repeating: "0", count: width - digits.count) + digits
    }

    /// The key as written: prefix matching works on it.
    public static func raw(_ v: String) -> String {
        guard let parts = components(v) else { return "~" + v.lowercased() }
        return parts.map(pad).joined(separator: ".")
    }

    /// The key without trailing zero components: 1.24.0 == 1.24.
    public static func normalized(_ v: String) -> String {
        guard var parts = components(v) else { return "~" + v.lowercased() }
        while parts.count > 1, parts.last!.allSatisfy({ $0 == "0" }) { parts.removeLast() }
        return parts.map(pad).joined(separator: ".")
    }

    /// The first key after every version that starts with `v` (1.24 -> 1.25).
    static func prefixUpperBound(_ v: String) -> String? {
        guard var parts = components(v), let last = parts.last, let n = Int(last) else { return nil }
        parts[parts.count - 1] = String(n + 1)
        return normalized(parts.joined(separator: "."))
    }

    public static func isNumeric(_ v: String) -> Bool { components(v) != nil }
}

/// A declared range: the canon's `version_range` (">=3.11,<3.13", "any"),
/// or a seed entry's introduced / removed.
public struct VersionRange: Equatable, Sendable {
    public var lower: String?        // normalized key
    public var lowerInclusive = true
    public var upper: String?
    public var upperInclusive = false

    /// Parses comma-separated constraints; nil when none is understood.
    public init?(_ text: String) {
        var understood = false
        for raw in text.split(separator: ",") {
            let part = raw.trimmingSpaces
            if part.isEmpty { continue }
            let (op, value) = VersionSpec.splitOperator(Substring(part))
            let v = value.trimmingSpaces
            if v.isEmpty { continue }
            if v.lowercased() == "any" || v == "*" { understood = true; continue }
            let key = VersionKey.normalized(v)
            switch op {
            case .atLeast: lower = key; lowerInclusive = true
            case .above: lower = key; lowerInclusive = false
            case .atMost: upper = key; upperInclusive = true
            case .below: upper = key; upperInclusive = false
            case .exactly, .prefix:
                lower = key; lowerInclusive = true
                upper = key; upperInclusive = true
            }
            understood = true
        }
        if !understood { return nil }
    }

    public init(introduced: String?, removed: String?) {
        lower = introduced.flatMap { VersionText($0).version }.map(VersionKey.normalized)
        upper = removed.flatMap { VersionText($0).version }.map(VersionKey.normalized)
    }
}

/// What `--version` accepts: `[PRODUCT ][OP]VERSION`, OP one of
/// `= >= <= > <`; no OP means this version or anything under it
/// (`1.24` matches 1.24, 1.24.0 and 1.24.3).
public struct VersionSpec: Equatable, Sendable {
    public enum Operator: String, Sendable {
        case prefix = "", exactly = "=", atLeast = ">=", atMost = "<=", above = ">", below = "<"
    }

    public var product: String?
    public var op: Operator
    public var version: String?

    public struct ParseError: Error, Equatable {
        public var message: String
    }

    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw ParseError(message: "empty version spec: expected [PRODUCT ][OP]VERSION, e.g. \"nginx 1.24\" or \">=1.25\"") }
        var head = ""
        var tail = Substring(trimmed)
        // The version is the last word; an operator may stand apart ("nginx >= 1.25").
        var words = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        if words.count >= 2, ["=", "==", ">=", "<=", ">", "<"].contains(String(words[words.count - 2])) {
            let op = words.remove(at: words.count - 2)
            words[words.count - 1] = Substring(op + words[words.count - 1])
        }
        tail = words.last!
        head = words.dropLast().joined(separator: " ")
        let (op, value) = Self.splitOperator(tail)
        self.op = op
        if value.isEmpty {
            throw ParseError(message: "version spec \"\(text)\" has an operator but no version")
        }
        if head.isEmpty, op == .prefix, VersionText(String(value)).version == nil {
            // A single word that is not a version names a product: --version nginx.
            self.product = String(value).lowercased()
            self.version = nil
            return
        }
        self.product = head.isEmpty ? nil : head.lowercased()
        self.version = String(value)
    }

    static func splitOperator(_ s: Substring) -> (Operator, Substring) {
        for (prefix, op) in [(">=", Operator.atLeast), ("<=", .atMost), ("==", .exactly), ("=", .exactly), (">", .above), ("<", .below), ("~=", .atLeast)] {
            if s.hasPrefix(prefix) { return (op, s.dropFirst(prefix.count).drop { $0 == " " }) }
        }
        return (.prefix, s)
    }

    /// An SQL condition on a `versions` row aliased `v`, with its arguments.
    public func sqlCondition() -> (sql: String, args: [SQLValue]) {
        var clauses: [String] = []
        var args: [SQLValue] = []
        if let product {
            clauses.append("v.product_key = ?")
            args.append(.text(product))
        }
        guard let version else {
            return (clauses.joined(separator: " AND "), args)
        }
        let raw = VersionKey.raw(version)
        let norm = VersionKey.normalized(version)
        let isText = raw.hasPrefix("~")
        var listed: String
        var ranged: String
        switch op {
        case .prefix:
            listed = "(v.vkey = ? OR substr(v.vkey, 1, length(?) + 1) = ? || '.' OR substr(?, 1, length(v.vkey) + 1) = v.vkey || '.')"
            args += [.text(raw), .text(raw), .text(raw), .text(raw)]
            if let upper = isText ? nil : VersionKey.prefixUpperBound(version) {
                ranged = "((v.hi_key IS NULL OR v.hi_key > ? OR (v.hi_key = ? AND v.hi_inclusive)) AND (v.lo_key IS NULL OR v.lo_key < ?))"
                args += [.text(norm), .text(norm), .text(upper)]
            } else {
                ranged = pointInRange(norm, &args)
            }
        case .exactly:
            listed = "v.vnorm = ?"
            args.append(.text(norm))
            ranged = pointInRange(norm, &args)
        case .atLeast, .above:
            let cmp = op == .atLeast ? ">=" : ">"
            listed = "(v.vnorm \(cmp) ? AND (substr(v.vnorm, 1, 1) = '~') = ?)"
            args += [.text(norm), .integer(isText ? 1 : 0)]
            ranged = op == .atLeast
                ? "(v.hi_key IS NULL OR v.hi_key > ? OR (v.hi_key = ? AND v.hi_inclusive))"
                : "(v.hi_key IS NULL OR v.hi_key > ?)"
            args += op == .atLeast ? [.text(norm), .text(norm)] : [.text(norm)]
        case .atMost, .below:
            let cmp = op == .atMost ? "<=" : "<"
            listed = "(v.vnorm \(cmp) ? AND (substr(v.vnorm, 1, 1) = '~') = ?)"
            args += [.text(norm), .integer(isText ? 1 : 0)]
            ranged = op == .atMost
                ? "(v.lo_key IS NULL OR v.lo_key < ? OR (v.lo_key = ? AND v.lo_inclusive))"
                : "(v.lo_key IS NULL OR v.lo_key < ?)"
            args += op == .atMost ? [.text(norm), .text(norm)] : [.text(norm)]
        }
        clauses.append("((v.vkey IS NOT NULL AND \(listed)) OR (v.ranged AND \(ranged)))")
        return (clauses.joined(separator: " AND "), args)
    }

    private func pointInRange(_ key: String, _ args: inout [SQLValue]) -> String {
        args += [.text(key), .text(key), .text(key), .text(key)]
        return "((v.lo_key IS NULL OR ? > v.lo_key OR (? = v.lo_key AND v.lo_inclusive)) AND (v.hi_key IS NULL OR ? < v.hi_key OR (? = v.hi_key AND v.hi_inclusive)))"
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
