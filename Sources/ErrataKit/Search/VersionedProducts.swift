/// The products named by the records' version entries: what a version
/// spec's product is checked against, and what a plain query's
/// "nginx 1.24" is recognised by.
public enum VersionedProducts {
    public static func all(_ db: Database) throws -> Set<String> {
        Set(try db.prepare("SELECT DISTINCT product_key FROM versions WHERE product_key IS NOT NULL").map([]) { $0.text(0) ?? "" })
    }

    /// Whether a record's version entry names one of `names`: one seek in
    /// versions_product each, where `all` reads the whole index (0.2 s of
    /// every "nginx 1.24" at a million records).
    public static func namesAny(_ names: [String], in db: Database) throws -> Bool {
        let seek = try db.cached("SELECT 1 FROM versions WHERE product_key = ? LIMIT 1")
        for name in names where try !seek.map([.text(name)], { _ in true }).isEmpty { return true }
        return false
    }

    /// Known products that look like `name` (`NearestNames`), sorted, at most five.
    public static func lookAlike(_ name: String, among known: Set<String>) -> [String] {
        NearestNames.alike(name, among: known).sorted()
    }

    /// Whether a word is followed by a version number: only then is it
    /// worth reading the products the records name (a scan of `versions`).
    public static func mayNameAVersion(_ words: [String]) -> Bool {
        words.count >= 2 && words.dropFirst().contains { VersionKey.isNumeric($0) }
    }

    /// A product and a version side by side in a short query ("what breaks
    /// in nginx 1.24", "postgres 16 errors"): the spec they make and the
    /// other words that say what to find, without the stopwords and the
    /// words of the question. Only a product the records name (by any of
    /// its names: `isKnown` is asked with all of them) counts, and only
    /// when at most `maxOtherWords` words besides say what to find: a typed
    /// error ("postgres 16 docker image create extension vector not
    /// available", "nginx 504 gateway timeout") is searched as words, since
    /// records that name no version would be filtered away.
    public static func phrase(in words: [String], names: ProductNames, maxOtherWords: Int = 2,
                              isKnown: ([String]) throws -> Bool) rethrows -> (spec: VersionSpec, rest: [String])? {
        guard words.count >= 2 else { return nil }
        let telling = words.filter(saysWhatToFind)
        guard telling.count <= maxOtherWords + 2 else { return nil }
        for i in 0..<(words.count - 1) {
            let product = words[i].lowercased()
            let version = words[i + 1]
            guard VersionKey.isNumeric(version), try isKnown(names.variants(of: product)),
                  var spec = try? VersionSpec(product + " " + version) else { continue }
            spec.productNames = names.variants(of: product)
            return (spec, (words[..<i] + words[(i + 2)...]).filter(saysWhatToFind))
        }
        return nil
    }

    /// Words that ask about a version as a whole ("what breaks in", "known
    /// issues", "errors"): every record of it is the answer. Searched as
    /// words, they would list only the records whose dead ends happen to
    /// say "breaks" or "what". English question phrasing, the same for
    /// every record, like the stopwords.
    static let questionWords: Set<String> = [
        "what", "what's", "whats", "what\u{2019}s", "which", "how", "why", "does", "do", "did", "can", "will", "there", "any", "all",
        "list", "show", "me", "my", "known", "common", "new", "wrong", "go", "goes", "went", "after",
        "break", "breaks", "broke", "broken", "breaking", "changed", "changes", "fail", "fails", "failing",
        "error", "errors", "issue", "issues", "problem", "problems", "bug", "bugs",
    ]

    static func saysWhatToFind(_ word: String) -> Bool {
        let key = word.lowercased()
        return !FTSQuery.stopwords.contains(key) && !questionWords.contains(key)
    }
}
