/// The literal text a regex cannot match without: runs of ASCII characters
/// outside every group and alternation, none made optional by a quantifier.
/// A line that lacks one of them cannot match, so the regex need not be
/// compiled for it (compiling was a fifth of a whole-process search).
/// Whatever is not certain ends a run or gives no runs at all: the runs are
/// only ever fewer than the truth, never wrong.
public enum RegexLiterals {
    /// What a line needs for `pattern` to match it: one of the returned
    /// alternatives, each a list of literals the line must all contain
    /// (lower-cased). Empty: nothing is known, any line may match.
    /// `(a.*b|c)` gives [["a", "b"], ["c"]] (with runs of 3 or more).
    public static func requirement(_ pattern: String, minimumLength: Int = 3) -> [[String]] {
        let bytes = Array(pattern.utf8)
        guard let alternatives = splitAlternatives(bytes[...]) else { return [] }
        if alternatives.count == 1, let inner = wholeGroup(bytes[...]) {
            return requirement(String(decoding: inner, as: UTF8.self), minimumLength: minimumLength)
        }
        var out: [[String]] = []
        for alternative in alternatives {
            var literals = required(String(decoding: alternative, as: UTF8.self), minimumLength: minimumLength)
            if literals.isEmpty, alternatives.count > 1, let inner = wholeGroup(alternative) {
                let nested = requirement(String(decoding: inner, as: UTF8.self), minimumLength: minimumLength)
                if nested.count == 1 { literals = nested[0] }
            }
            // An alternative that needs nothing makes the whole need nothing.
            if literals.isEmpty { return [] }
            out.append(literals)
        }
        return out
    }

    /// Visits each byte of `p` that is syntax at some depth (not escaped,
    /// not inside a character class) with its index and the group depth
    /// (after a `)`, the depth it closes to); `visit` returns false to stop.
    /// False when the syntax is not followed: a class left open, a `)`
    /// without its `(`, a group left open.
    static func walk(_ p: ArraySlice<UInt8>, _ visit: (_ index: Int, _ byte: UInt8, _ depth: Int) -> Bool) -> Bool {
        var depth = 0
        var i = p.startIndex
        while i < p.endIndex {
            switch p[i] {
            case UInt8(ascii: "\\"):
                i += 2
                continue
            case UInt8(ascii: "["):
                guard let end = classEnd(p, from: i) else { return false }
                i = end + 1
                continue
            case UInt8(ascii: "("):
                guard visit(i, p[i], depth) else { return true }
                depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth < 0 { return false }
                guard visit(i, p[i], depth) else { return true }
            default:
                guard visit(i, p[i], depth) else { return true }
            }
            i += 1
        }
        return depth == 0
    }

    /// The pattern split at its top-level `|`; nil when its syntax is not followed.
    static func splitAlternatives(_ p: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
        var out: [ArraySlice<UInt8>] = []
        var start = p.startIndex
        let followed = walk(p) { i, byte, depth in
            if byte == UInt8(ascii: "|") && depth == 0 {
                out.append(p[start..<i])
                start = i + 1
            }
            return true
        }
        guard followed else { return nil }
        out.append(p[start..<p.endIndex])
        return out
    }

    /// The inside of a pattern that is one plain group, `(...)` or
    /// `(?:...)` or `(?P<name>...)`, with nothing after it; nil otherwise.
    static func wholeGroup(_ p: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard p.count >= 2, p.first == UInt8(ascii: "("), p.last == UInt8(ascii: ")") else { return nil }
        // Closed before the end: more than one group.
        var closesEarly = false
        let followed = walk(p) { i, byte, depth in
            closesEarly = byte == UInt8(ascii: ")") && depth == 0 && i != p.endIndex - 1
            return !closesEarly
        }
        guard followed, !closesEarly else { return nil }
        var inner = p.dropFirst().dropLast()
        if inner.first == UInt8(ascii: "?") {
            let rest = inner.dropFirst()
            if rest.first == UInt8(ascii: ":") {
                inner = rest.dropFirst()
            } else if rest.starts(with: Array("P<".utf8)), let close = rest.firstIndex(of: UInt8(ascii: ">")) {
                inner = rest[(close + 1)...]
            } else {
                return nil  // a lookaround, flags, a comment: not plain text
            }
        }
        return inner
    }

    /// The index of the `]` that closes the class opened at `open` (a `]`
    /// right after `[` or `[^` is literal).
    static func classEnd(_ p: ArraySlice<UInt8>, from open: Int) -> Int? {
        var j = open + 1
        if j < p.endIndex && p[j] == UInt8(ascii: "^") { j += 1 }
        if j < p.endIndex && p[j] == UInt8(ascii: "]") { j += 1 }
        while j < p.endIndex && p[j] != UInt8(ascii: "]") {
            j += p[j] == UInt8(ascii: "\\") ? 2 : 1
        }
        return j < p.endIndex ? j : nil
    }

    /// Runs of at least `minimumLength` characters, lower-cased; empty when
    /// nothing is certain (a top-level `|`, verbose mode, odd syntax).
    static func required(_ pattern: String, minimumLength: Int = 3) -> [String] {
        let p = Array(pattern.utf8)
        var runs: [[UInt8]] = []
        var run: [UInt8] = []
        var depth = 0
        var i = 0
        func end() {
            if run.count >= minimumLength { runs.append(run) }
            run = []
        }
        func isAlnum(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A)
        }
        while i < p.count {
            let c = p[i]
            switch c {
            case UInt8(ascii: "\\"):
                guard i + 1 < p.count else { return [] }
                let next = p[i + 1]
                if depth == 0 && next < 0x80 && !isAlnum(next) && next >= 0x20 { run.append(next) } else { end() }
                i += 2
                continue
            case UInt8(ascii: "["):
                end()
                guard let close = classEnd(p[...], from: i) else { return [] }
                i = close + 1
                continue
            case UInt8(ascii: "("):
                end()
                // Inline flags: verbose mode makes spaces and '#' syntax.
                if i + 1 < p.count && p[i + 1] == UInt8(ascii: "?") {
                    var j = i + 2
                    while j < p.count && (p[j] | 0x20 >= 0x61 && p[j] | 0x20 <= 0x7A) { j += 1 }
                    if p[(i + 2)..<j].contains(UInt8(ascii: "x")) { return [] }
                }
                depth += 1
            case UInt8(ascii: ")"):
                end()
                depth -= 1
                if depth < 0 { return [] }
            case UInt8(ascii: "|"):
                if depth == 0 { return [] }
                end()
            case UInt8(ascii: "?"), UInt8(ascii: "*"):
                // The character before is optional.
                if !run.isEmpty { run.removeLast() }
                end()
            case UInt8(ascii: "{"):
                if !run.isEmpty { run.removeLast() }
                end()
                guard let close = p[i...].firstIndex(of: UInt8(ascii: "}")) else { return [] }
                i = close + 1
                continue
            case UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"):
                end()
            default:
                if depth == 0 && c < 0x80 && c >= 0x20 { run.append(c) } else { end() }
            }
            i += 1
        }
        end()
        return runs.map { String(decoding: $0, as: UTF8.self).lowercased() }
    }
}
