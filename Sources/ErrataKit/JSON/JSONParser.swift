/// A syntax error with its place in the input (1-based line and column,
/// columns counted in characters).
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(line):\(column): \(message)" }
}

/// A strict RFC 8259 parser that keeps member order, rejects duplicate keys,
/// invalid UTF-8 and lone surrogates, and bounds nesting so that hostile
/// input gets an error instead of a stack overflow.
public struct JSONParser {
    public static let maxDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    /// Line and column of `bytes[0]` in the whole input (for NDJSON lines).
    private let baseLine: Int

    /// Parses exactly one JSON value from `bytes` (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int = 1) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, baseLine: line)
        try parser.skipBOM()
        parser.skipWhitespace()
        if parser.pos == bytes.count {
            throw parser.error("empty input: expected a JSON value", at: parser.pos)
        }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.pos != bytes.count {
            throw parser.error("unexpected \(parser.describe(at: parser.pos)) after the JSON value", at: parser.pos)
        }
        return value
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, JSONSyntaxError> = copy.withUTF8 { buffer in
            Result { () throws(JSONSyntaxError) -> JSONValue in try parse(buffer) }
        }
        return try result.get()
    }

    /// Parses a whitespace-separated sequence of values (a JSON file, or
    /// several concatenated / newline-delimited documents).
    public static func parseSequence(_ bytes: UnsafeBufferPointer<UInt8>, line: Int = 1) throws(JSONSyntaxError) -> [(value: JSONValue, line: Int)] {
        var parser = JSONParser(bytes: bytes, baseLine: line)
        try parser.skipBOM()
        var values: [(JSONValue, Int)] = []
        parser.skipWhitespace()
        if parser.pos == bytes.count {
            throw parser.error("empty input: expected a JSON value", at: parser.pos)
        }
        // Lines are counted incrementally: rescanning from the start for
        // every document would make a long NDJSON text quadratic.
        var line = line
        var counted = 0
        while parser.pos < bytes.count {
            while counted < parser.pos {
                if bytes[counted] == 0x0A { line += 1 }
                counted += 1
            }
            values.append((try parser.parseValue(), line))
            parser.skipWhitespace()
        }
        return values
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, baseLine: Int) {
        self.bytes = bytes
        self.baseLine = baseLine
    }

    /// A UTF-8 byte order mark is skipped; a UTF-16 one is named, since
    /// "unexpected '0xFF'" would not tell the user what to do about it.
    private mutating func skipBOM() throws(JSONSyntaxError) {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        if let bigEndian = UTF16Text.byteOrder(bytes) {
            throw error("UTF-16\(bigEndian ? "BE" : "LE") text (its byte order mark): JSON records are read as UTF-8; iconv -f UTF-16 -t UTF-8 converts it", at: 0)
        }
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard pos < bytes.count else {
            throw error("unexpected end of input: expected a JSON value", at: pos)
        }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw error("unexpected \(describe(at: pos)): expected a JSON value", at: pos)
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maxDepth {
            throw error("nesting deeper than \(Self.maxDepth) levels", at: pos)
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        var object = JSONObject()
        object.members.reserveCapacity(8)
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw error(pos < bytes.count
                    ? "unexpected \(describe(at: pos)): expected a string key"
                    : "unexpected end of input: expected a string key", at: pos)
            }
            let keyStart = pos
            let key = try parseString()
            if object[key] != nil {
                throw error("duplicate key \"\(key)\"", at: keyStart)
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after the key")
            skipWhitespace()
            let value = try parseValue()
            object.append(key, value)
            skipWhitespace()
            guard pos < bytes.count else {
                throw error("unexpected end of input: expected ',' or '}'", at: pos)
            }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw error("unexpected \(describe(at: pos)): expected ',' or '}'", at: pos)
        }
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard pos < bytes.count else {
                throw error("unexpected end of input: expected ',' or ']'", at: pos)
            }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw error("unexpected \(describe(at: pos)): expected ',' or ']'", at: pos)
        }
        depth -= 1
        return .array(items)
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard pos < bytes.count else {
            throw error("unexpected end of input: expected \(what)", at: pos)
        }
        guard bytes[pos] == byte else {
            throw error("unexpected \(describe(at: pos)): expected \(what)", at: pos)
        }
        pos += 1
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let start = pos
        for byte in word.utf8 {
            guard pos < bytes.count, bytes[pos] == byte else {
                throw error("invalid literal: expected '\(word)'", at: start)
            }
            pos += 1
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else {
            throw error("invalid number: expected a digit", at: pos)
        }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) {
                throw error("invalid number: leading zero", at: start)
            }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else {
                throw error("invalid number: expected a digit after '.'", at: pos)
            }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else {
                throw error("invalid number: expected a digit in the exponent", at: pos)
            }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        let number = JSONNumber(literal: Substring(text))
        // 1e999 would come back out as Infinity, which is not JSON.
        if !number.isInteger && !number.doubleValue.isFinite {
            throw error("number out of range: \(text)", at: start)
        }
        return number
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = pos
        pos += 1
        let start = pos
        // Fast path: no escapes, so the bytes are the string once validated.
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let s = try decodeUTF8(start, pos)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character U+\(hex4(UInt32(b))) in a string: it must be escaped", at: pos) }
            pos += 1
        }
        var out = pos > start ? try decodeUTF8(start, pos) : ""
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return out
            }
            if b < 0x20 { throw error("control character U+\(hex4(UInt32(b))) in a string: it must be escaped", at: pos) }
            if b == UInt8(ascii: "\\") {
                try parseEscape(into: &out)
                continue
            }
            let runStart = pos
            while pos < bytes.count, bytes[pos] != UInt8(ascii: "\""), bytes[pos] != UInt8(ascii: "\\"), bytes[pos] >= 0x20 {
                pos += 1
            }
            out += try decodeUTF8(runStart, pos)
        }
        throw error("unterminated string", at: open)
    }

    private mutating func parseEscape(into out: inout String) throws(JSONSyntaxError) {
        let escapeStart = pos
        pos += 1
        guard pos < bytes.count else { throw error("unterminated string", at: escapeStart) }
        let c = bytes[pos]
        pos += 1
        switch c {
        case UInt8(ascii: "\""): out += "\""
        case UInt8(ascii: "\\"): out += "\\"
        case UInt8(ascii: "/"): out += "/"
        case UInt8(ascii: "b"): out += "\u{08}"
        case UInt8(ascii: "f"): out += "\u{0C}"
        case UInt8(ascii: "n"): out += "\n"
        case UInt8(ascii: "r"): out += "\r"
        case UInt8(ascii: "t"): out += "\t"
        case UInt8(ascii: "u"):
            var scalar = try hexQuad(at: escapeStart)
            if (0xD800...0xDBFF).contains(scalar) {
                guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw error("lone surrogate \\u\(hex4(scalar)): expected a low surrogate to follow", at: escapeStart)
                }
                pos += 2
                let low = try hexQuad(at: escapeStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("lone surrogate \\u\(hex4(scalar)): expected a low surrogate to follow", at: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("lone surrogate \\u\(hex4(scalar))", at: escapeStart)
            }
            out.unicodeScalars.append(Unicode.Scalar(scalar)!)
        default:
            throw error("invalid escape '\\\(describeByte(c))' in a string", at: escapeStart)
        }
    }

    private mutating func hexQuad(at escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("invalid \\u escape: expected 4 hex digits", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw error("invalid \\u escape: expected 4 hex digits", at: escapeStart)
            }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }

    private func decodeUTF8(_ start: Int, _ end: Int) throws(JSONSyntaxError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if let bad = UTF8Validation.firstInvalidByte(slice) {
            throw error(String(format8: "invalid UTF-8 byte 0x%02X", bytes[start + bad]), at: start + bad)
        }
        return String(decoding: slice, as: UTF8.self)
    }

    private func describe(at offset: Int) -> String {
        "'" + describeByte(bytes[offset]) + "'"
    }

    private func describeByte(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return String(UnicodeScalar(b)) }
        return String(format8: "0x%02X", b)
    }

    private func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = baseLine
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    private func error(_ message: String, at offset: Int) -> JSONSyntaxError {
        let (line, column) = location(of: offset)
        return JSONSyntaxError(line: line, column: column, message: message)
    }
}

extension String {
    /// Formats one byte as `0x%02X` without pulling in Foundation.
    init(format8 format: String, _ byte: UInt8) {
        let hex = String(byte, radix: 16, uppercase: true)
        let padded = hex.count < 2 ? "0" + hex : hex
        self = format.replacingFirst("%02X", with: padded)
    }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
