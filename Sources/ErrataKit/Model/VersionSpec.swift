/// "PRODUCT VERSION" as a seed writes it ("nginx 1.24.0", "ros2 humble",
/// "AWS Lambda 2"): the last word is the version, the rest the product.
public struct VersionText: Equatable, Sendable {
    public var product: String?
    public var version: String?

    public init(_ text: String) {
        let trimmed = text.trimmingWhitespace
        let u = trimmed.utf8
        if let space = u.lastIndex(of: UInt8(ascii: " ")) {
            product = String(trimmed[..<space]).trimmingWhitespace
            version = String(trimmed[u.index(after: space)...])
        } else if let first = u.first, Self.isDigit(first) || (first | 0x20 == UInt8(ascii: "v") && u.dropFirst().first.map(Self.isDigit) == true) {
            version = trimmed
        } else if let first = trimmed.first, first.isNumber || ((first == "v" || first == "V") && trimmed.dropFirst().first?.isNumber == true) {
            version = trimmed  // digits of other scripts
        } else if !trimmed.isEmpty {
            product = trimmed
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

/// Sortable keys for versions: each numeric component zero-padded to ten
/// digits, so that SQL text comparison is numeric comparison. Anything that
/// is not purely numeric becomes "~" + lower-cased text (sorts after all
/// numbers, equal only to itself).
public enum VersionKey {
    static let width = 10

    /// Numeric components of `v`, or nil when it is not a plain number list
    /// ("v1.24.x" -> 1, 24). Byte by byte: every import computes two keys
    /// per version, and the grapheme-aware String operations took 20,000
    /// instructions each.
    static func components(_ v: String) -> [String]? {
        let u = Array(v.utf8)
        let dot = UInt8(ascii: ".")
        var lo = 0
        var hi = u.count
        if lo < hi, u[lo] | 0x20 == UInt8(ascii: "v") { lo += 1 }
        while hi - lo >= 2, u[hi - 2] == dot, u[hi - 1] | 0x20 == UInt8(ascii: "x") || u[hi - 1] == UInt8(ascii: "*") { hi -= 2 }
        var out: [String] = []
        var start = lo
        for i in lo...hi where i == hi || u[i] == dot {
            guard i > start, i - start <= width, u[start..<i].allSatisfy(VersionText.isDigit) else { return nil }
            out.append(String(decoding: u[start..<i], as: UTF8.self))
            start = i + 1
        }
        return out
    }

    static func pad(_ c: String) -> String {
        let digits = c.utf8.drop { $0 == UInt8(ascii: "0") }
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: width - max(digits.count, 1))
        out += digits.isEmpty ? [UInt8(ascii: "0")] : Array(digits)
        return String(decoding: out, as: UTF8.self)
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
            let part = raw.trimmingWhitespace
            if part.isEmpty { continue }
            let (op, value) = VersionSpec.splitOperator(Substring(part))
            let v = value.trimmingWhitespace
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

/// What `--affects` accepts: `[PRODUCT ][OP]VERSION`, OP one of
/// `= >= <= > <`, spaces around OP optional; no OP means this version or
/// anything under it (`1.24` matches 1.24, 1.24.0 and 1.24.3). A product
/// alone (`nginx`) is any version of it.
public struct VersionSpec: Equatable, Sendable {
    public enum Operator: String, Sendable {
        case prefix = "", exactly = "=", atLeast = ">=", atMost = "<=", above = ">", below = "<"
    }

    public var product: String?
    public var op: Operator
    public var version: String?
    /// Every name of the product (`ProductNames`); the product alone when nil.
    public var productNames: [String]?

    public struct ParseError: Error, Equatable {
        public var message: String
    }

    static let grammar = "expected [PRODUCT ][OP]VERSION, OP one of = >= <= > < (e.g. \"nginx 1.24\", \"nginx>=1.25\", \">=3.11\", \"python 3.12\")"

    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw ParseError(message: "empty version spec: \(Self.grammar)") }
        var words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        // An operator standing apart joins the version after it ("nginx >= 1.25").
        if words.count >= 2, Self.operatorAt(words[words.count - 2]) == words[words.count - 2] {
            let op = words.remove(at: words.count - 2)
            words[words.count - 1] = op + words[words.count - 1]
        }
        // An operator inside the last word splits it: "nginx>=1.25".
        var last = words.removeLast()
        if let found = Self.operatorInside(last), found > last.startIndex {
            words.append(String(last[..<found]))
            last = String(last[found...])
        }
        let head = words.joined(separator: " ")
        let (op, value) = Self.splitOperator(Substring(last))
        self.op = op
        if value.isEmpty {
            throw ParseError(message: "\"\(text)\" has an operator but no version: \(Self.grammar)")
        }
        if head.isEmpty, op == .prefix, VersionText(String(value)).version == nil {
            // A single word that is not a version names a product: --affects nginx.
            self.product = String(value).lowercased()
            self.version = nil
            return
        }
        let ordered = op != .prefix && op != .exactly
        guard !(head + value).contains(where: { "<>=~,".contains($0) }), !ordered || VersionKey.isNumeric(String(value)) else {
            throw ParseError(message: "cannot read \"\(text)\" as a version spec: \(Self.grammar)")
        }
        self.product = head.isEmpty ? nil : head.lowercased()
        self.version = String(value)
    }

    /// The operator `word` starts with, as written.
    private static func operatorAt(_ word: String) -> String? {
        [">=", "<=", "==", "~=", "=", ">", "<"].first { word == $0 }
    }

    /// Where the first operator character in `word` is.
    private static func operatorInside(_ word: String) -> String.Index? {
        word.firstIndex { $0 == ">" || $0 == "<" || $0 == "=" || $0 == "~" && word.contains("~=") }
    }

    static func splitOperator(_ s: Substring) -> (Operator, Substring) {
        for (prefix, op) in [(">=", Operator.atLeast), ("<=", .atMost), ("==", .exactly), ("=", .exactly), (">", .above), ("<", .below), ("~=", .atLeast)] {
            if s.hasPrefix(prefix) { return (op, s.dropFirst(prefix.count).drop { $0 == " " }) }
        }
        return (.prefix, s)
    }

    /// An SQL condition on a `versions` row aliased `v`, with its arguments.
    public func sqlCondition(productIndexed: Bool = true) -> (sql: String, args: [SQLValue]) {
        var clauses: [String] = []
        var args: [SQLValue] = []
        if let product {
            let names = productNames ?? [product]
            clauses.append("\(productIndexed ? "" : "+")v.product_key IN (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))")
            args += names.map(SQLValue.text)
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
