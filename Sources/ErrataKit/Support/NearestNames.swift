/// Names that look like a mistyped one, for "did you mean" answers: a
/// product, a domain, a tier, a command or a record id.
public enum NearestNames {
    /// Names of `known` that look like `name`: one contains the other (both
    /// at least three long), or they differ by at most `maxEdits` edits.
    /// Nearest first, then alphabetical; at most `limit`.
    public static func alike(_ name: String, among known: some Sequence<String>, maxEdits: Int = 2, limit: Int = 5) -> [String] {
        let key = Array(name.lowercased().utf8)
        var close: [(distance: Int, name: String)] = []
        for other in known {
            let candidate = Array(other.lowercased().utf8)
            var distance = editDistance(key, candidate, limit: maxEdits)
            if distance > maxEdits, key.count >= 3, candidate.count >= 3,
               candidate.firstRange(of: key) != nil || key.firstRange(of: candidate) != nil {
                distance = maxEdits + 1
            } else if distance > maxEdits {
                continue
            }
            close.append((distance, other))
        }
        return close.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(limit).map(\.name)
    }

    /// Levenshtein distance, giving up (limit + 1) once it exceeds `limit`.
    public static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            if current.min()! > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// "; did you mean a, b or c?", or "" when nothing looks alike.
    public static func suggestion(_ names: [String]) -> String {
        guard !names.isEmpty else { return "" }
        let quoted = names.map { "\"\($0)\"" }
        return "; did you mean " + (names.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]) + "?"
    }
}
