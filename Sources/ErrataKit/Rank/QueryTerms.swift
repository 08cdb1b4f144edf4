/// What a pasted log or a typed query asks for, as the distinct terms that
/// the ranker looks up in records_fts. Each term counts once however often
/// it was printed (a log repeats its boilerplate), and carries a kind that
/// the fitted model weighs: words of error lines, words of the lines around
/// them, the parts of compound identifiers, bare numbers.
public struct QueryTerms: Sendable {
    public enum Kind: Int, Sendable, CaseIterable {
        /// A word of a line that reads as an error (or of a typed query).
        case error = 0
        /// A word only found in the lines around the errors.
        case context
        /// A part of a compound identifier (`OutOfMemory` in `OutOfMemoryError`).
        case part
        /// A bare number of up to five digits (an exit code, a status, an errno).
        case number
    }

    public struct Term: Sendable, Equatable {
        /// Lower-cased, letters and digits only: safe inside an FTS5 phrase.
        public var text: String
        public var kind: Kind
    }

    public private(set) var terms: [Term] = []
    /// Every term's text, for coverage tests against a record's words.
    public private(set) var words: Set<String> = []
    /// The text of the terms of kind `error` (all of a typed query's).
    public private(set) var errorWords: Set<String> = []
    /// The `stemKey`s of the words of error lines and of their identifiers'
    /// parts (all of a typed query's): what the input says where it fails,
    /// not in the lines around (a CMake log's `Found PkgConfig` is not a
    /// `pkg-config not found`).
    public private(set) var errorStems: Set<String> = []
    /// Terms past this many are dropped (the least telling: context, parts, numbers last).
    public static let maxTerms = 160

    private var keys: [String: Int] = [:]

    /// Terms of a typed query: every word is an error word. A query of
    /// function words only ("to be or not") is searched as it is.
    public init(query: String) {
        add(line: query, kind: .error)
        if terms.isEmpty {
            keepStopwords = true
            add(line: query, kind: .error)
        }
        finish()
    }

    private var keepStopwords = false

    /// Terms of pasted output: the error lines' words first, then the rest.
    public init(lines: [String], errorLines: Set<String>) {
        for line in lines where errorLines.contains(line) { add(line: line, kind: .error) }
        for line in lines where !errorLines.contains(line) { add(line: line, kind: .context) }
        finish()
    }

    /// Terms of output read by a collector: its error lines, then the recent
    /// lines around them (both bounded, whatever the size of the input).
    public init(_ collector: ErrorLineCollector) {
        let errors = collector.lines.map(\.text)
        self.init(lines: errors + collector.recentLines, errorLines: Set(errors))
    }

    /// `"t1" OR "t2" ...`: any record that has one of the terms.
    public var matchAny: String {
        terms.map { "\"" + $0.text + "\"" }.joined(separator: " OR ")
    }

    private mutating func finish() {
        if terms.count > Self.maxTerms {
            // A stable sort by kind keeps the order of appearance within one.
            terms = Array(terms.enumerated().sorted { ($0.element.kind.rawValue, $0.offset) < ($1.element.kind.rawValue, $1.offset) }
                .prefix(Self.maxTerms).map(\.element))
            // `errorStems` speaks of the kept terms only.
            keys = Dictionary(uniqueKeysWithValues: terms.enumerated().map { (Self.stemKey($1.text), $0) })
            errorStems = errorStems.filter { keys[$0] != nil }
        }
        words = Set(terms.map(\.text))
        errorWords = Set(terms.filter { $0.kind == .error }.map(\.text))
    }

    /// `line` is the kind of the line the term was read from: a part or a
    /// number of an error line counts towards `errorStems` too.
    private mutating func add(term: String, kind: Kind, line: Kind) {
        let key = Self.stemKey(term)
        if line == .error { errorStems.insert(key) }
        if let existing = keys[key] {
            // The same word seen in an error line and in context is an error word.
            if kind.rawValue < terms[existing].kind.rawValue { terms[existing].kind = kind }
            return
        }
        keys[key] = terms.count
        terms.append(Term(text: term, kind: kind))
    }

    private mutating func add(line: String, kind: Kind) {
        var token: [Unicode.Scalar] = []
        let scalars = Self.withoutStamps(Array(line.unicodeScalars))
        var cjk: [Unicode.Scalar] = []
        func flushToken() {
            defer { token.removeAll(keepingCapacity: true) }
            guard !token.isEmpty else { return }
            let whole = String(String.UnicodeScalarView(token)).lowercased()
            if whole.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) {
                if (2...5).contains(whole.utf8.count) { add(term: whole, kind: .number, line: kind) }
                return
            }
            guard Self.isTelling(whole) || (keepStopwords && FTSQuery.stopwords.contains(whole)) else { return }
            add(term: whole, kind: kind, line: kind)
            let parts = IdentifierParts.split(token)
            if parts.count > 1 {
                for part in parts where Self.isTelling(part) { add(term: part, kind: .part, line: kind) }
            }
        }
        func flushCJK() {
            defer { cjk.removeAll(keepingCapacity: true) }
            // records_fts indexes overlapping bigrams of CJK runs (CJKBigrams);
            // a lone character is a prefix of them, which search's required
            // expression looks for: as a term it would meet only lone ones.
            guard cjk.count > 1 else { return }
            for gram in CJKBigrams.bigrams(cjk) { add(term: gram, kind: kind, line: kind) }
        }
        for scalar in scalars {
            if CJKBigrams.isCJK(scalar) {
                flushToken()
                cjk.append(scalar)
                continue
            }
            flushCJK()
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark {
                token.append(scalar)
            } else {
                flushToken()
            }
        }
        flushToken()
        flushCJK()
    }

    /// The line with its dates, times, addresses and dotted versions
    /// (`2026/11/28`, `21:14:03.611`, `203.0.113.7`, `1.24.0`) blanked: runs
    /// of digits joined by two or more of `: . / -` vary from run to run.
    static func withoutStamps(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
        func isJoiner(_ c: Unicode.Scalar) -> Bool { c == ":" || c == "." || c == "/" || c == "-" }
        var out = scalars
        var i = 0
        while i < scalars.count {
            guard isDigit(scalars[i]), i == 0 || !(scalars[i - 1].properties.isAlphabetic) else { i += 1; continue }
            var j = i
            var joiners = 0
            while j < scalars.count, isDigit(scalars[j]) || (isJoiner(scalars[j]) && j + 1 < scalars.count && isDigit(scalars[j + 1])) {
                if isJoiner(scalars[j]) { joiners += 1 }
                j += 1
            }
            if joiners >= 2 { for k in i..<j { out[k] = " " } }
            i = max(j, i + 1)
        }
        return out
    }

    /// The distinct words of a record's text as query terms would have them
    /// (lower-cased, telling, identifiers whole), in order of appearance: a
    /// byte loop, since ranking takes the words of a hundred signatures per
    /// query, and a list (a signature has a dozen words) rather than a Set,
    /// whose hashing and growing was a tenth of a whole-process search.
    static func plainWords(_ text: String) -> [String] {
        var out: [String] = []
        var token: [UInt8] = []
        func flush() {
            if !token.isEmpty {
                let word = String(decoding: token, as: UTF8.self)
                if !out.contains(word) && isTelling(word) { out.append(word) }
                token.removeAll(keepingCapacity: true)
            }
        }
        for b in text.utf8 {
            switch b {
            case 0x30...0x39, 0x61...0x7A, 0x80...0xFF: token.append(b)
            case 0x41...0x5A: token.append(b | 0x20)
            default: flush()
            }
        }
        flush()
        return out
    }

    /// Words worth a lookup: two characters or more, not a function word,
    /// not a long hexadecimal id or hash (which no record shares).
    static func isTelling(_ word: String) -> Bool {
        let n = word.utf8.count
        if n < 2 || n > 64 || FTSQuery.stopwords.contains(word) { return false }
        if n >= 9 && word.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) { return false }
        if word.hasPrefix("0x") && n > 2 { return false }
        return true
    }

    /// Enough folding that "connection" and "connections", "failed" and
    /// "fails" count as one term, as FTS5's porter stemmer will see them.
    static func stemKey(_ word: String) -> String {
        for suffix in ["ing", "ed", "es", "s"] where word.utf8.count > suffix.utf8.count + 3 && word.hasSuffix(suffix) {
            if suffix == "s" && word.hasSuffix("ss") { return word }
            return String(word.dropLast(suffix.count))
        }
        return word
    }
}
