#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the lines of raw output that carry an error - the exception line
/// of a Python traceback, a Go `panic:`, compiler diagnostics, `npm ERR!`,
/// log lines at error level - and reads them in bounded memory whatever
/// the size of the input: identical lines count once, and only the last
/// `capacity` error lines (errors near the end are the ones that matter) are
/// kept.
public struct ErrorLineCollector {
    public struct Line: Equatable, Sendable {
        /// The line as it was printed (ANSI colours removed, trimmed).
        public var text: String
        /// True for lines that are errors by their form (traceback tail,
        /// panic, diagnostic with a code), not just by a keyword.
        public var isPrimary: Bool
    }

    public let capacity: Int
    public private(set) var linesRead = 0
    /// Products the output's own format gives away (an nginx error.log
    /// prefix, a Python traceback, a goroutine dump): a domain hint.
    public private(set) var productHints = Set<String>()
    /// How often each distinct line (by hash) came: what dedupes the input
    /// and counts a kept line's occurrences, in one table.
    private var seen: [Int: Int32] = [:]
    private var primary: [Line] = []
    private var errorish: [Line] = []
    private var tail: [String] = []
    private var inTraceback = false
    /// Indented lines still to be read as part of the error line above
    /// them (`continuationLines` after each error line).
    private var continuation = 0
    /// A multi-line message goes on, indented, under its first line (CMake's
    /// `CMake Error in ...:` then what is wrong, gRPC's `status =` and
    /// `details =` under the exception, a C++ `what():`): the telling words
    /// are often there, not in the line that reads as an error.
    static let continuationLines = 4
    private static let maxSeen = 1_000_000
    /// A longer line is read by its first and last `maxLineLength / 2`
    /// characters: what an error says is often at the end of a long line
    /// (a message after a stack trace in a JSON log line).
    public static let maxLineLength = 2000
    /// Lines that were longer than `maxLineLength`, and the longest one's
    /// length in bytes: for a note to the user.
    public private(set) var shortenedLines = 0
    public private(set) var longestLine = 0
    /// Marks where a shortened line was cut. Its pieces are separate lines,
    /// and the mark keeps `^` / `$` of a regex from matching at a cut, so
    /// that what a regex finds in a piece is true of the whole line.
    static let cutMark = "\u{2026}"

    /// Where a kept line was first read, how often it came, and the lines
    /// around its first occurrence (`contextLines` each side).
    public struct LineDetail: Equatable, Sendable {
        /// The input's name ("stdin" or a path) and the line's number in it, from 1.
        public var source: String
        public var lineNumber: Int
        public var occurrences = 1
        public var before: [String] = []
        public var after: [String] = []
    }

    /// Lines of context kept around each kept line (`match -C N`).
    public let contextLines: Int
    private var source = "stdin"
    private var lineInSource = 0
    private var details: [String: LineDetail] = [:]
    private var window: [String] = []
    private var awaitingAfter: [(text: String, remaining: Int)] = []

    public init(capacity: Int = 48, contextLines: Int = 0) {
        self.capacity = capacity
        self.contextLines = max(0, min(contextLines, 20))
    }

    /// The lines that follow come from `name` (numbered from 1 again).
    public mutating func beginSource(_ name: String) {
        source = name
        lineInSource = 0
        window = []
        awaitingAfter = []
        // A file's first indented lines do not go on the last file's error.
        continuation = 0
    }

    /// Where `text`, an error line this collector kept, came from, and how
    /// often it came.
    public func detail(of text: String) -> LineDetail? {
        guard var detail = details[text] else { return nil }
        detail.occurrences = Int(seen[text.hashValue] ?? 1)
        return detail
    }

    /// Feeds one raw line (without its newline).
    public mutating func add(_ raw: String) {
        if raw.utf8.count > Self.maxLineLength {
            let half = Self.maxLineLength / 2
            addShortened(head: String(raw.prefix(half)), tail: String(raw.suffix(half)), length: raw.utf8.count)
            return
        }
        linesRead += 1
        lineInSource += 1
        addPiece(raw)
    }

    /// Feeds text already in memory, a line at each "\n", a "\r" before it
    /// dropped. Cut on bytes: Swift reads "\r\n" as one Character, which a
    /// split on "\n" leaves whole, and a Windows log was one long line.
    public mutating func add(lines text: String) {
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            add(String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
        }
    }

    /// Feeds a line too long to keep whole, by its beginning and its end
    /// (`length`: the whole line's length in bytes).
    public mutating func addShortened(head: String, tail: String, length: Int) {
        linesRead += 1
        lineInSource += 1
        shortenedLines += 1
        longestLine = max(longestLine, length)
        let half = Self.maxLineLength / 2
        addPiece(String(head.prefix(half)) + " " + Self.cutMark)
        addPiece(Self.cutMark + " " + String(tail.suffix(half)))
    }

    private mutating func addPiece(_ raw: String) {
        // A byte order mark opens many a Windows file: not part of its first line.
        var text = Self.stripANSI(lineInSource == 1 && raw.unicodeScalars.first == "\u{FEFF}" ? String(raw.unicodeScalars.dropFirst()) : raw)
        let indented = text.utf8.first == 0x20 || text.utf8.first == 0x09
        text = Self.trimmed(text)
        if text.isEmpty { return }
        if text.hasPrefix("Traceback (most recent call last)") {
            inTraceback = true
            continuation = 0
            productHints.insert("python")
            return
        }
        // The first unindented line after a traceback's frames is the exception.
        var isTracebackTail = false
        if inTraceback && !indented {
            inTraceback = false
            isTracebackTail = true
        }
        let continues = indented && continuation > 0 && Self.mayContinue(text)
        continuation = continues ? continuation - 1 : 0
        if contextLines > 0 { noteContext(text) }
        let hash = text.hashValue
        if let count = seen[hash] {
            seen[hash] = count &+ 1
            if !isTracebackTail { return }
        } else if seen.count < Self.maxSeen {
            seen[hash] = 1
        }
        tail.append(text)
        if tail.count > capacity { tail.removeFirst(tail.count - capacity) }
        let lower = LowercasedBytes(text)
        if productHints.count < Self.formatHints.count {
            for (marker, product) in Self.formatHints where lower.contains(marker) { productHints.insert(product) }
            if Self.isNginxErrorLog(lower.bytes) { productHints.insert("nginx") }
        }
        if isTracebackTail || Self.isPrimary(lower) {
            Self.push(Line(text: text, isPrimary: true), into: &primary, capacity: capacity)
            noteDetail(text)
            continuation = Self.continuationLines
        } else if !inTraceback && (continues || Self.isErrorish(lower)) {
            Self.push(Line(text: text, isPrimary: false), into: &errorish, capacity: capacity)
            noteDetail(text)
            if !continues { continuation = Self.continuationLines }
        }
    }

    /// An indented line that may carry a message on: not a stack frame
    /// (`at ...`, `File "..."`, Ruby's `from ...`), a source pointer
    /// (`--> src/...`), a caret or gutter line, or a list of locations (it
    /// must begin with a letter).
    static func mayContinue(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return !(text.hasPrefix("at ") || text.hasPrefix("File ") || text.hasPrefix("from "))
    }

    /// Where an error line was first read, and the lines before it; only
    /// error lines (those a match names) pay for this.
    private mutating func noteDetail(_ text: String) {
        guard details[text] == nil else { return }
        details[text] = LineDetail(source: source, lineNumber: lineInSource, before: Array(window.dropLast()))
        if contextLines > 0 { awaitingAfter.append((text, contextLines)) }
        if details.count > capacity * 8 { pruneDetails() }
    }

    /// Keeps the last lines read (for the lines before a kept one) and
    /// hands this line to the kept lines still waiting for lines after them.
    private mutating func noteContext(_ text: String) {
        for i in awaitingAfter.indices.reversed() {
            let (waiting, remaining) = awaitingAfter[i]
            details[waiting]?.after.append(text)
            if remaining <= 1 { awaitingAfter.remove(at: i) } else { awaitingAfter[i].remaining = remaining - 1 }
        }
        window.append(text)
        if window.count > contextLines + 1 { window.removeFirst(window.count - contextLines - 1) }
    }

    /// Forgets the details of lines no list holds any more.
    private mutating func pruneDetails() {
        let kept = Set(primary.map(\.text) + errorish.map(\.text))
        details = details.filter { kept.contains($0.key) }
    }

    /// Appends, trimming now and then to the last `capacity` entries.
    private static func push(_ line: Line, into list: inout [Line], capacity: Int) {
        list.append(line)
        if list.count > capacity * 2 { list.removeFirst(list.count - capacity) }
    }

    /// The last `capacity` distinct lines read, oldest first: the context
    /// around the errors.
    public var recentLines: [String] { tail }

    /// What a query reads (the ranker's regexes run on these): the error
    /// lines, most telling first, then the recent lines that are not one.
    public var queryLines: [String] {
        let errors = lines.map(\.text)
        let isError = Set(errors)
        return errors + tail.filter { !isError.contains($0) }
    }

    /// The lines to match, most telling first: primary lines, then other
    /// error lines, then (when nothing looked like an error) the last lines.
    public var lines: [Line] {
        var out = Array(primary.suffix(capacity).reversed())
        if out.count < capacity {
            out += errorish.suffix(capacity - out.count).reversed()
        }
        if out.isEmpty {
            out = tail.reversed().map { Line(text: $0, isPrimary: false) }
        }
        return out
    }

    private static let formatHints: [([UInt8], String)] = [
        ("goroutine ", "go"), ("npm err!", "node"), ("npm error", "node"), ("node:internal", "node"),
        ("exception in thread", "java"), ("error[e", "rust"), ("error ts", "typescript"),
        ("kubelet", "kubernetes"), ("kubectl", "kubernetes"), ("error response from daemon", "docker"),
    ].map { (Array($0.0.utf8), $0.1) }

    /// "2026/11/28 21:14:03 [error] 2231#2231: ..." - nginx's error.log format.
    static func isNginxErrorLog(_ b: [UInt8]) -> Bool {
        func digit(_ i: Int) -> Bool { i < b.count && b[i] >= 0x30 && b[i] <= 0x39 }
        guard b.count > 24, (0..<4).allSatisfy(digit), b[4] == UInt8(ascii: "/"), b[7] == UInt8(ascii: "/"),
              b[10] == 0x20, b[13] == UInt8(ascii: ":"), b[19] == 0x20, b[20] == UInt8(ascii: "[") else { return false }
        guard let close = b[20...].firstIndex(of: UInt8(ascii: "]")), close + 2 < b.count, digit(close + 2) else { return false }
        return b[(close + 2)...].prefix(12).contains(UInt8(ascii: "#"))
    }

    private static let primaryPrefixes = ["panic:", "fatal error:", "npm err!", "npm error", "error[e", "error ts", "error:"].map { Array($0.utf8) }
    private static let primaryInfixes = [": error ts", ": error: ", "[emerg]", "[crit]", "[alert]", "] [error]", " [error] "].map { Array($0.utf8) }
    private static let exceptionSuffixes = ["error", "exception", "fault"].map { Array($0.utf8) }

    static func isPrimary(_ line: LowercasedBytes) -> Bool {
        if primaryPrefixes.contains(where: line.hasPrefix) || primaryInfixes.contains(where: line.contains) { return true }
        // Python-style "SomeError: message" / "pkg.SomeException: message".
        guard let colon = line.bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let head = line.bytes[..<colon]
        if head.contains(UInt8(ascii: " ")) { return false }
        return exceptionSuffixes.contains { head.count >= $0.count && head.suffix($0.count).elementsEqual($0) }
    }

    private static let keywords = [
        "error", "exception", "fatal", "fail", "panic", "denied", "refused", "cannot", "can't", "could not", "couldn't",
        "unable", "not found", "no such", "timeout", "timed out", "killed", "oom", "err!", "conflict", "invalid", "exceeded",
        "forbidden", "unauthorized", "segmentation", "abort", "backoff", "not allowed", "no space", "too many", "unexpected",
        "undefined", "unsupported", "mismatch", "missing", "exhausted", "deadlock", "rejected", "violation", "traceback",
        "warning", "not assignable", "does not exist", "already in use", "unhealthy", "corrupt", "out of memory", "crash",
        "refusing", "blocked", "expired", "unreachable", "not ready", "evicted", "back-off", "removed", "no longer",
    ].map { Array($0.utf8) }

    static func isErrorish(_ line: LowercasedBytes) -> Bool {
        keywords.contains(where: line.contains)
    }

    /// Spaces, tabs and carriage returns off both ends (log lines are ASCII-padded).
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpace($0) })!
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return text }
        return String(text[first...last])
    }

    static func stripANSI(_ text: String) -> String {
        guard text.utf8.contains(0x1B) else { return text }
        var out = ""
        var scalars = text.unicodeScalars[...]
        while let c = scalars.popFirst() {
            if c == "\u{1B}" {
                if scalars.first == "[" {
                    scalars.removeFirst()
                    while let d = scalars.popFirst(), !(d.value >= 0x40 && d.value <= 0x7E) {}
                }
                continue
            }
            out.unicodeScalars.append(c)
        }
        return out
    }
}

/// A line's bytes with ASCII letters lower-cased, searched with memchr:
/// a log of a million lines is classified line by line, and generic string
/// searching was the slowest part of `match` on large input.
struct LowercasedBytes {
    let bytes: [UInt8]

    init(_ text: String) {
        var out = Array(text.utf8)
        for i in out.indices where out[i] >= 0x41 && out[i] <= 0x5A { out[i] |= 0x20 }
        bytes = out
    }

    func contains(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= bytes.count else { return needle.isEmpty }
        return bytes.withUnsafeBytes { hay in
            needle.withUnsafeBytes { n in
                let base = hay.baseAddress!
                var offset = 0
                let last = hay.count - n.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, n.baseAddress!, n.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }

    func hasPrefix(_ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes.prefix(prefix.count).elementsEqual(prefix)
    }
}

/// Sets aside what differs from run to run - timestamps, log prefixes,
/// pids, addresses, paths, URLs, numbers, quoted values, ports - and leaves
/// the words that say what went wrong.
public enum LineNormalizer {
    /// Lower-cased words of a line, in order, without the variable parts;
    /// `keepQuoted` keeps the words inside quotes (for finding candidates:
    /// `"reason":"OOMKilled"` is a value, and the one that matters).
    public static func words(_ line: String, keepQuoted: Bool = false) -> [String] {
        var line = line
        // nginx appends the request context after the message.
        if let context = line.firstRange(of: ", client: ") { line = String(line[..<context.lowerBound]) }
        var out: [String] = []
        var token = ""
        var quote: Unicode.Scalar?
        func flush() {
            if !token.isEmpty {
                let lower = token.lowercased()
                if lower.count >= 2, !lower.allSatisfy(\.isNumber), !isHexLike(lower) {
                    out.append(lower)
                }
                token = ""
            }
        }
        let scalars = Array(line.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if let q = quote {
                // Quoted values ('torch', "GET /v1/orders") vary; keep at most their first word.
                if c == q { quote = nil }
                i += 1
                continue
            }
            if !keepQuoted, c == "\"" || c == "'" || c == "`", token.isEmpty, i + 1 < scalars.count {
                // Only a quote that closes on this line opens a quoted value.
                if scalars[(i + 1)...].contains(c) {
                    flush()
                    quote = c
                    i += 1
                    continue
                }
            }
            if c == "/" || c == "\\" {
                // A path or URL: drop the whole run up to the next space.
                flush()
                while i < scalars.count, !scalars[i].properties.isWhitespace, scalars[i] != ",", scalars[i] != ")" { i += 1 }
                continue
            }
            if c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" {
                token.unicodeScalars.append(c)
            } else {
                flush()
            }
            i += 1
        }
        flush()
        return out
    }

    static func isHexLike(_ word: String) -> Bool {
        if word.hasPrefix("0x") && word.count > 2 { return true }
        // Long runs of hex digits with at least one digit: ids, hashes,
        // addresses (short codes such as OpenSSL's 0A000086 stay).
        return word.count >= 12 && word.allSatisfy { $0.isHexDigit } && word.contains { $0.isNumber }
    }
}
