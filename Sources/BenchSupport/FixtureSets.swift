// The project's own quality sets in Tests/Fixtures, read the same way by
// the tests that guard them and by errata-quality, which reports them.

import ErrataKit

public enum FixtureSets {
    /// A pasted output and the `domain/slug` keys that count as right.
    public struct Paste: Sendable {
        public var expected: [String]
        public var text: String
    }

    /// A typed query and the record ids that count as right in the top three.
    public struct TypedQuery: Sendable {
        public var query: String
        public var expected: [String]
    }

    /// match-pastes.txt: "### expected | alternative", then the text up to the next "###".
    public static func pastes(_ text: String) -> [Paste] {
        var out: [Paste] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                out.append(Paste(expected: alternatives(line.dropFirst(4)), text: ""))
            } else if !out.isEmpty {
                out[out.count - 1].text += line + "\n"
            }
        }
        return out
    }

    /// typed-queries.txt: "query<TAB>id | id" per line; "#" starts a comment line.
    public static func typedQueries(_ text: String) -> [TypedQuery] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
            return TypedQuery(query: String(line[..<tab]), expected: alternatives(line[line.index(after: tab)...]))
        }
    }

    static func alternatives(_ text: Substring) -> [String] {
        text.split(separator: "|").map(\.trimmingWhitespace).filter { !$0.isEmpty }
    }
}
