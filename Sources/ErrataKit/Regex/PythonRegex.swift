import CPCRE2

/// A regular expression written for Python's `re`, compiled with PCRE2.
///
/// PCRE2 was chosen on purpose: it reads Python's named-group syntax, has a
/// JIT, and - unlike NSRegularExpression or Swift Regex - bounded matching
/// (match and depth limits), so an imported pattern such as `(a+)+$` cannot
/// hang `match`: it reports `.limitExceeded` instead.
public final class PythonRegex {
    public enum Outcome: Equatable {
        case match(Range<Int>)   // UTF-8 byte offsets
        case noMatch
        case limitExceeded
    }

    public struct CompileError: Error, Equatable {
        public var message: String
        public var offset: Int
    }

    private let code: OpaquePointer
    private let matchData: OpaquePointer
    private let context: OpaquePointer
    public let pattern: String

    /// Steps PCRE2 may take for one match attempt. Ordinary patterns on a
    /// log line need a few thousand; a catastrophic one hits this within
    /// milliseconds.
    public static let defaultMatchLimit: UInt32 = 200_000

    /// `jit: false` for a pattern that is only checked, never run: JIT
    /// compilation costs more than the check itself.
    public init(_ pattern: String, caseInsensitive: Bool = true, matchLimit: UInt32 = PythonRegex.defaultMatchLimit, jit: Bool = true) throws(CompileError) {
        self.pattern = pattern
        let translated = PythonRegex.translate(pattern)
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var options = UInt32(PCRE2_UTF | PCRE2_UCP)
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        let compiled = translated.withCString { p in
            p.withMemoryRebound(to: UInt8.self, capacity: translated.utf8.count) { u in
                pcre2_compile_8(u, translated.utf8.count, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
            let message = n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "error \(errorCode)"
            throw CompileError(message: message, offset: errorOffset)
        }
        self.code = compiled
        // JIT is an optimisation; when unavailable the interpreter still works.
        if jit { _ = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) }
        self.matchData = pcre2_match_data_create_from_pattern_8(compiled, nil)
        self.context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, 10_000)
    }

    deinit {
        pcre2_match_context_free_8(context)
        pcre2_match_data_free_8(matchData)
        pcre2_code_free_8(code)
    }

    /// The compile error for `pattern`, or nil when PCRE2 accepts it.
    public static func compileError(_ pattern: String) -> CompileError? {
        do {
            _ = try PythonRegex(pattern, jit: false)
            return nil
        } catch {
            return error
        }
    }

    public func firstMatch(in text: String) -> Outcome {
        var copy = text
        return copy.withUTF8 { firstMatch(in: $0) }
    }

    public func firstMatch(in bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let rc = pcre2_match_8(code, base, bytes.count, 0, UInt32(PCRE2_NO_UTF_CHECK), matchData, context)
        if rc >= 0 {
            let ovector = pcre2_get_ovector_pointer_8(matchData)!
            return .match(Int(ovector[0])..<Int(ovector[1]))
        }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        return .limitExceeded
    }

    /// Rewrites the parts of Python's `re` syntax that PCRE2 reads differently.
    static func translate(_ pattern: String) -> String {
        // Most patterns use nothing that differs; they pass through as is.
        let utf8 = pattern.utf8
        if !utf8.contains(UInt8(ascii: "\\")) && !utf8.contains(UInt8(ascii: "{")) && !utf8.contains(UInt8(ascii: "(")) {
            return pattern
        }
        var out = ""
        var chars = Array(pattern.unicodeScalars)[...]
        var inClass = false
        while let c = chars.popFirst() {
            if c == "\\", let next = chars.first {
                chars.removeFirst()
                switch next {
                case "Z" where !inClass:
                    out += "\\z"  // Python's \Z is PCRE's \z (end of subject only)
                case "u", "U":
                    let width = next == "u" ? 4 : 8
                    let hex = chars.prefix(width)
                    if hex.count == width, hex.allSatisfy({ $0.properties.isASCIIHexDigit }) {
                        chars.removeFirst(width)
                        out += "\\x{" + String(String.UnicodeScalarView(hex)) + "}"
                    } else {
                        out += "\\" + String(next)
                    }
                default:
                    out.unicodeScalars.append("\\")
                    out.unicodeScalars.append(next)
                }
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                out.unicodeScalars.append(c)
                continue
            }
            switch c {
            case "[":
                inClass = true
                out.unicodeScalars.append(c)
                // A ']' right after '[' or '[^' is a literal in both dialects.
                if chars.first == "^" { out += "^"; chars.removeFirst() }
                if chars.first == "]" { out += "]"; chars.removeFirst() }
            case "{" where chars.first == ",":
                out += "{0"  // Python reads {,n} as {0,n}; PCRE2 10.42 as literal text
            case "(" where chars.starts(with: ["?"]):
                // Inline flags: drop Python-only a / u / L, keep the rest.
                var flags = chars.dropFirst()
                var letters = ""
                while let f = flags.first, "aiLmsux-".unicodeScalars.contains(f) {
                    letters.unicodeScalars.append(f)
                    flags.removeFirst()
                }
                if !letters.isEmpty, let end = flags.first, end == ")" || end == ":" {
                    let kept = letters.unicodeScalars.filter { !"auL".unicodeScalars.contains($0) }
                    chars = flags
                    if kept.isEmpty || String(String.UnicodeScalarView(kept)) == "-" {
                        out += end == ")" ? "(?:" : "(?"  // the ')' or ':' follows
                    } else {
                        out += "(?" + String(String.UnicodeScalarView(kept))
                    }
                } else {
                    out += "("
                }
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
