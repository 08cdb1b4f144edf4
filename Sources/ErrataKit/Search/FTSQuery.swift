/// A user's search text turned into FTS5 syntax that cannot fail: every
/// word becomes a quoted phrase of the tokens unicode61 would make of it, so
/// operators, column names, unbalanced quotes, `E0502`, `proxy_ssl_verify`,
/// paths and SQL are all just text. Supported on purpose: "quoted phrases",
/// -exclusions, prefix matching on the last word, CJK words.
public struct FTSQuery: Equatable, Sendable {
    /// FTS5 expressions that must all match.
    public var terms: [String] = []
    /// FTS5 expressions that must not match.
    public var excluded: [String] = []
    /// The CJK words of the query, for highlighting.
    public var cjkWords: [String] = []
    /// True when some term searches CJK text (the snippet comes from zh then).
    public var hasCJK: Bool { !cjkWords.isEmpty }

    /// Every single token of the positive terms: the relaxed query.
    public var tokens: [String] = []
    /// The terms without the 'quoted' or `quoted` words: in a pasted error
    /// those are the values that vary (module names, paths, identifiers).
    public var termsWithoutQuotedValues: [String] = []

    /// The words and phrases that are not exclusions, as typed: what the ranker reads.
    public var positiveText = ""

    public var isEmpty: Bool { terms.isEmpty && excluded.isEmpty }

    public var matchAll: String { terms.joined(separator: " AND ") }
    /// `matchAll` with the last word as typed rather than as a prefix.
    public var matchExact: String { exactTerms.joined(separator: " AND ") }
    /// True when the last word is searched as a prefix ("verif" -> "verif"*).
    public var hasPrefix: Bool { exactTerms != terms }
    private var exactTerms: [String] = []
    /// Any token at all: when no record has every word, the records with
    /// the most of them (bm25 sums over the matching tokens) come first.
    public var matchAny: String { tokens.joined(separator: " OR ") }
    public var canRelax: Bool { tokens.count > 1 }
    public var matchExcluded: String { excluded.joined(separator: " OR ") }

    public init(_ text: String) {
        let chars = Array(text)
        var i = 0
        var words: [(text: String, phrase: Bool, negated: Bool)] = []
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "\"", let close = chars[(i + 1)...].firstIndex(of: "\"") {
                words.append((String(chars[(i + 1)..<close]), true, false))
                i = close + 1
                continue
            }
            var j = i
            while j < chars.count, !chars[j].isWhitespace, chars[j] != "\"" { j += 1 }
            if j == i { i += 1; continue }  // a lone, unbalanced quote
            var word = String(chars[i..<j])
            var negated = false
            if word.count > 1, word.hasPrefix("-"), word.dropFirst().first.map({ $0.isLetter || $0.isNumber }) == true {
                negated = true
                word.removeFirst()
            }
            words.append((word, false, negated))
            i = j
        }
        // Function words ("the", "to", "of") are in almost every record: in
        // a large database their posting lists cost more than everything
        // else, and they tell nothing apart. Dropped when other words
        // remain; kept inside "quoted phrases".
        let isStopword = { (w: (text: String, phrase: Bool, negated: Bool)) in
            !w.phrase && !w.negated && Self.stopwords.contains(w.text.lowercased())
        }
        if words.contains(where: { !isStopword($0) && !$0.negated }) {
            words.removeAll(where: isStopword)
        }
        let endsInWord = text.last.map { !$0.isWhitespace && $0 != "\"" } ?? false
        let lastPositive = words.lastIndex { !$0.negated && !$0.phrase }
        for (index, word) in words.enumerated() {
            let prefix = endsInWord && index == words.count - 1 && index == lastPositive
            guard let (expr, starred) = expression(word.text, prefix: prefix, collect: !word.negated) else { continue }
            if word.negated {
                excluded.append(expr)
            } else {
                positiveText += (positiveText.isEmpty ? "" : " ") + word.text
                terms.append(expr)
                // The star follows the last Latin part, which ends the word.
                exactTerms.append(starred ? Self.removingLastStar(expr) : expr)
                if !(word.text.hasPrefix("'") || word.text.hasPrefix("`")) { termsWithoutQuotedValues.append(expr) }
            }
        }
    }

    static let stopwords: Set<String> = [
        "the", "a", "an", "to", "of", "in", "on", "at", "for", "is", "are", "was", "were", "be", "been", "by",
        "with", "from", "as", "and", "or", "it", "its", "this", "that", "these", "those", "while", "when", "into", "than", "then",
    ]

    private static func removingLastStar(_ expr: String) -> String {
        guard let star = expr.lastIndex(of: "*") else { return expr }
        var out = expr
        out.remove(at: star)
        return out
    }

    /// One word (or quoted phrase) as an FTS5 expression, nil if it has no
    /// tokens, and whether it ends in a prefix star.
    private mutating func expression(_ word: String, prefix: Bool, collect: Bool) -> (String, Bool)? {
        var latin: [String] = []
        var parts: [String] = []
        var token = ""
        func endToken() {
            if !token.isEmpty {
                latin.append(token.lowercased())
                if collect { tokens.append("\"" + token.lowercased() + "\"") }
                token = ""
            }
        }
        func endLatin(prefix: Bool) {
            endToken()
            if !latin.isEmpty {
                parts.append("\"" + latin.joined(separator: " ") + "\"" + (prefix ? "*" : ""))
                latin = []
            }
        }
        var cjkRun: [Unicode.Scalar] = []
        func endCJK() {
            guard !cjkRun.isEmpty else { return }
            let grams = CJKBigrams.bigrams(cjkRun)
            cjkWords.append(String(String.UnicodeScalarView(cjkRun)))
            let expr = "cjk : \"" + grams.joined(separator: " ") + "\"" + (cjkRun.count == 1 ? "*" : "")
            parts.append(expr)
            if collect { tokens.append(expr) }
            cjkRun = []
        }
        for scalar in word.unicodeScalars {
            if CJKBigrams.isCJK(scalar) {
                endLatin(prefix: false)
                cjkRun.append(scalar)
                continue
            }
            endCJK()
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark {
                token.unicodeScalars.append(scalar)
            } else {
                endToken()
            }
        }
        endCJK()
        let lastIsLatin = !token.isEmpty || (!latin.isEmpty && parts.isEmpty)
        // The star applies to the word's last token ("s" of "NAFDAC's"), and
        // a prefix of one or two letters expands to a large share of the
        // vocabulary: at 200,000 records that alone took 0.7 s.
        let lastToken = token.isEmpty ? latin.last ?? "" : token
        let starred = prefix && lastIsLatin && lastToken.count >= 3
        endLatin(prefix: starred)
        if parts.isEmpty { return nil }
        return (parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")", starred)
    }
}
