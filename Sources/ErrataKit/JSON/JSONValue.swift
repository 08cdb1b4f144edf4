/// A JSON document that keeps what a round trip needs: member order,
/// duplicate-free objects, and numbers as Python would print them.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let n): return n.isInteger ? "an integer" : "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// An object's members in document order.
public struct JSONObject: Equatable, Sendable {
    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        for member in members where member.key == key {
            return member.value
        }
        return nil
    }

    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key, value))
    }
}

/// A number kept as the text Python's json module would print for it:
/// integers exactly as written (arbitrary size), other numbers in `repr(float)`.
public struct JSONNumber: Equatable, Hashable, Sendable {
    public let text: String
    public let isInteger: Bool

    /// From JSON number syntax (already validated by the parser).
    public init(literal: Substring) {
        if literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            self.text = PythonFloat.isCanonical(literal) ? String(literal) : PythonFloat.repr(Double(literal) ?? .nan)
            self.isInteger = false
        } else {
            self.text = literal == "-0" ? "0" : String(literal)
            self.isInteger = true
        }
    }

    public init(_ value: Int64) {
        self.text = String(value)
        self.isInteger = true
    }

    public init(_ value: Double) {
        self.text = PythonFloat.repr(value)
        self.isInteger = false
    }

    public var doubleValue: Double { Double(text) ?? .nan }

    /// The integer value when it fits in 64 bits.
    public var int64Value: Int64? { isInteger ? Int64(text) : nil }
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed
/// notation for decimal exponents -4 ..< 16, scientific otherwise.
public enum PythonFloat {
    /// True when `literal` is already what `repr` would print, so the
    /// conversion can be skipped (most rates: "0.85"): plain decimal
    /// notation, no trailing zero, at most 15 significant digits (which
    /// always survive the round trip through a double unchanged), inside the
    /// exponent range where repr uses fixed notation.
    static func isCanonical(_ literal: Substring) -> Bool {
        var utf8 = literal.utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        guard let point = utf8.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let whole = utf8[..<point]
        let fraction = utf8[utf8.index(after: point)...]
        guard !whole.isEmpty, !fraction.isEmpty, fraction.last != UInt8(ascii: "0"),
              whole.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), fraction.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        if whole.count > 1 && whole.first == UInt8(ascii: "0") { return false }
        var significant: Int
        if whole.count == 1 && whole.first == UInt8(ascii: "0") {
            let zeros = fraction.prefix { $0 == UInt8(ascii: "0") }.count
            if zeros >= 4 { return false }  // 0.00001 prints as 1e-05
            significant = fraction.count - zeros
        } else {
            if whole.count > 16 { return false }
            significant = whole.count + fraction.count
        }
        return significant <= 15
    }

    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description also prints the shortest round-trip digits;
        // only the layout differs, so take the digits and re-lay them.
        var text = Substring(value.magnitude.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits = ""
        var pointAt = 0  // digits before the decimal point
        var seenPoint = false
        for ch in text {
            if ch == "." { seenPoint = true; continue }
            digits.append(ch)
            if !seenPoint { pointAt += 1 }
        }
        // Normalise: strip leading zeros (moving the point) and trailing zeros.
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointAt -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 {
            digits.removeLast()
        }
        let decpt = pointAt + exponent  // value = 0.DIGITS x 10^decpt
        let sign = value < 0 ? "-" : ""
        if decpt > -4 && decpt <= 16 {
            if decpt <= 0 {
                return sign + "0." + String(repeating: "0", count: -decpt) + digits
            }
            if decpt >= digits.count {
                return sign + digits + String(repeating: "0", count: decpt - digits.count) + ".0"
            }
            let cut = digits.index(digits.startIndex, offsetBy: decpt)
            return sign + digits[..<cut] + "." + digits[cut...]
        }
        let exp = decpt - 1
        var mantissa = String(digits.first!)
        if digits.count > 1 {
            mantissa += "." + digits.dropFirst()
        }
        let expText = String(abs(exp))
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (expText.count < 2 ? "0" + expText : expText)
    }
}
