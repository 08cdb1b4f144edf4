/// An error line as a draft signature and regex: the log prefix
/// (timestamps, levels, pids) set aside, the parts that change from one
/// occurrence to the next (numbers, paths, URLs, addresses, hex ids,
/// quoted names) generalised, the rest kept word for word. The regex is
/// written in the syntax Python's `re` and PCRE2 share: literals escaped
/// with a backslash before every ASCII punctuation character, runs of
/// white space as `\s+`, and only `\d`, `\S`, classes and `(?:...)`.
public enum LineGeneraliser {
    public struct Result: Equatable, Sendable {
        public var signature: String
        public var regex: String
        /// The words of the message that are not generalised, for a slug.
        public var words: [String]
    }

    public static func generalise(_ line: String) -> Result {
        let message = withoutLogPrefix(line)
        var signature = ""
        var regex = ""
        var words: [String] = []
        var pendingSpace: String?
        for piece in pieces(message) {
            if case .space(let run) = piece {
                pendingSpace = run
                continue
            }
            if let run = pendingSpace, !signature.isEmpty {
                signature += " "
                regex += run == " " ? " " : "\\s+"
            }
            pendingSpace = nil
            switch piece {
            case .space: break
            case .literal(let text):
                signature += text
                regex += escaped(text)
                words += text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.lowercased() }
            case .variable(let placeholder, let pattern):
                signature += placeholder
                regex += pattern
            }
        }
        return Result(signature: signature, regex: regex, words: words)
    }

    enum Piece: Equatable {
        /// White space as it was: one space stays one, a longer run is `\\s+`.
        case space(String)
        case literal(String)
        case variable(placeholder: String, pattern: String)
    }

    /// The message split into white space, quoted values and chunks, each
    /// chunk's core classified with its punctuation kept literal.
    static func pieces(_ message: String) -> [Piece] {
        var out: [Piece] = []
        var chars = Array(message)[...]
        var previous: Character = " "
        while let c = chars.first {
            if c.isWhitespace {
                let run = chars.prefix { $0.isWhitespace }
                chars = chars.dropFirst(run.count)
                out.append(.space(String(run)))
                previous = " "
                continue
            }
            // A quoted value: the quote opens after a space or punctuation
            // (not the apostrophe of "can't") and closes on the same line.
            if c == "'" || c == "\"" || c == "`", !previous.isLetter, !previous.isNumber,
               let close = chars.dropFirst().firstIndex(of: c == "`" ? "`" : c), close - chars.startIndex <= 200 {
                let inner = String(chars[(chars.startIndex + 1)..<close])
                let q = String(c)
                let other = c == "\"" ? "\"" : c == "`" ? "`" : "'"
                out.append(.variable(placeholder: q + "<" + (inner.contains("/") ? "path" : "name") + ">" + q,
                                     pattern: q + "[^" + other + "]*" + q))
                chars = chars[(close + 1)...]
                previous = c
                continue
            }
            var chunk = ""
            while let d = chars.first, !d.isWhitespace, !(d == "'" || d == "\"" || d == "`") || (chunk.last.map { $0.isLetter } ?? false) {
                chunk.append(d)
                chars.removeFirst()
            }
            if chunk.isEmpty {
                // A quote that opens nothing: literal.
                chunk = String(chars.removeFirst())
            }
            previous = chunk.last ?? " "
            out += classify(chunk)
        }
        return out
    }

    /// A chunk without white space: leading and trailing punctuation kept
    /// literal around a core that may be a variable.
    static func classify(_ chunk: String) -> [Piece] {
        let leading: Set<Character> = ["(", "[", "{", "<"]
        let trailing: Set<Character> = [")", "]", "}", ">", ",", ";", ":", ".", "!", "?"]
        var core = Substring(chunk)
        var head = ""
        var tail = ""
        while let c = core.first, leading.contains(c) { head.append(c); core.removeFirst() }
        while let c = core.last, trailing.contains(c) { tail.insert(c, at: tail.startIndex); core.removeLast() }
        var out: [Piece] = head.isEmpty ? [] : [.literal(head)]
        out += classifyCore(String(core))
        if !tail.isEmpty { out.append(.literal(tail)) }
        return out
    }

    static let pathLike = "[^\\s'\"()<>]+"

    static func classifyCore(_ core: String) -> [Piece] {
        guard !core.isEmpty else { return [] }
        let bytes = Array(core.utf8)
        func all(_ test: (UInt8) -> Bool) -> Bool { bytes.allSatisfy(test) }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        let isHex = { (b: UInt8) in isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
        if core.contains("://") { return [.variable(placeholder: "<url>", pattern: pathLike)] }
        if isAddress(bytes) {
            return [.variable(placeholder: "<address>", pattern: "\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?")]
        }
        if all({ isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) && isDigit(bytes[0]) {
            return [.variable(placeholder: "<n>", pattern: "\\d+(?:[.,]\\d+)*")]
        }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] | 0x20 == UInt8(ascii: "x"), bytes.dropFirst(2).allSatisfy(isHex) {
            return [.variable(placeholder: "<hex>", pattern: "0[xX][0-9A-Fa-f]+")]
        }
        if bytes.count >= 8, all(isHex), bytes.contains(where: isDigit), bytes.contains(where: { !isDigit($0) }) {
            return [.variable(placeholder: "<hex>", pattern: "[0-9A-Fa-f]+")]
        }
        if isPath(core) { return [.variable(placeholder: "<path>", pattern: pathLike)] }
        // Digit runs that stand alone inside the chunk ("0/3", "2231#2231")
        // vary; digits inside a word ("x509", "http2", "E0502") name it.
        var out: [Piece] = []
        var literal = ""
        var rest = Substring(core)
        var before: Character = " "
        while let c = rest.first {
            if c.isASCII && c.isNumber && !(before.isLetter || before == "_") {
                let run = rest.prefix { $0.isASCII && $0.isNumber }
                let after = rest.dropFirst(run.count).first
                if !(after?.isLetter ?? false) && after != "_" {
                    if !literal.isEmpty { out.append(.literal(literal)); literal = "" }
                    out.append(.variable(placeholder: "<n>", pattern: "\\d+"))
                    rest = rest.dropFirst(run.count)
                    before = run.last!
                    continue
                }
                literal += run
                rest = rest.dropFirst(run.count)
                before = run.last!
                continue
            }
            literal.append(c)
            before = c
            rest = rest.dropFirst()
        }
        if !literal.isEmpty { out.append(.literal(literal)) }
        return out
    }

    /// 10.0.3.12, 10.0.3.12:8443, 0.0.0.0:80.
    static func isAddress(_ b: [UInt8]) -> Bool {
        var parts = b.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            parts.removeLast()
        }
        guard parts.count == 1 else { return false }
        let octets = parts[0].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    /// /etc/x.conf, ./a/b, ~/x, C:\x, unix:/run/x.sock, src/main.rs:12:5, pkg/mod.go.
    static func isPath(_ core: String) -> Bool {
        if core.hasPrefix("/") || core.hasPrefix("./") || core.hasPrefix("../") || core.hasPrefix("~/") { return core.count > 1 }
        if core.contains("\\") && core.count > 3 { return true }
        guard core.contains("/") else { return false }
        let segments = core.split(separator: "/")
        // "0/3" and "and/or" are not paths; "unix:/run/php.sock" and "a/b/c.py" are.
        return segments.count >= 2 && (core.contains(".") || segments.count >= 3 || core.contains(":/"))
            && core.contains(where: { $0.isLetter })
    }

    /// What comes before the message on a log line: dates, times, levels,
    /// bracketed levels and pids, "2231#2231:", "*10453", "E1129".
    static func withoutLogPrefix(_ line: String) -> String {
        var line = line
        // nginx appends the request's context (client, server, request) after the message.
        if let context = line.firstRange(of: ", client: ") { line = String(line[..<context.lowerBound]) }
        var rest = Substring(line.trimmingWhitespace)
        while true {
            let token = rest.prefix { !$0.isWhitespace }
            guard !token.isEmpty, isPrefixToken(token) else { break }
            rest = rest.dropFirst(token.count).drop { $0.isWhitespace }
            if rest.isEmpty { return line.trimmingWhitespace }
        }
        return String(rest)
    }

    static let levels: Set<String> = ["trace", "debug", "info", "notice", "warn", "warning", "error", "err", "crit", "critical",
                                      "alert", "emerg", "fatal", "severe"]

    static func isPrefixToken(_ token: Substring) -> Bool {
        var t = token
        if t.hasSuffix(":") { t = t.dropLast() }
        if t.hasPrefix("[") && t.hasSuffix("]") { t = t.dropFirst().dropLast() }
        if t.isEmpty { return false }
        if levels.contains(t.lowercased()) { return true }
        // Dates, times, pids and counters: digits with - / : . , T Z # * + only.
        let allowed: Set<Character> = ["-", "/", ":", ".", ",", "T", "Z", "#", "*", "+"]
        let digits = t.filter(\.isNumber).count
        if digits >= 1 && t.allSatisfy({ $0.isNumber || allowed.contains($0) }) && (digits >= 3 || t.hasPrefix("*")) { return true }
        // klog: E1129 12:00:00.123456
        if let first = t.first, "EWIF".contains(first), t.count == 5, t.dropFirst().allSatisfy(\.isNumber) { return true }
        // UTC and other zone names right after a time.
        return t == "UTC" || t == "GMT"
    }

    /// The characters that mean something in a regex of either engine.
    static let metacharacters: Set<Character> = ["\\", ".", "^", "$", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|"]

    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if metacharacters.contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
