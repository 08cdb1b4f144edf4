import Synchronization

/// What the second ranking step derives from a record's own text and
/// nothing else (its signature's words as stem keys, its slug's telling
/// words, its regex's required literals), kept across queries by a
/// process that answers many (the HTTP server): a search spent about a
/// third of its time deriving these again for the same shortlisted
/// records. Keyed by the text itself, so a changed record is a new entry,
/// never a stale one. Bounded: emptied when it holds `limit` entries.
/// A one-query process (the CLI) does without it.
public final class RecordTextCache: Sendable {
    private struct State {
        var stemKeys: [String: [String]] = [:]
        var requirements: [String: [[String]]] = [:]
    }

    private let state = Mutex(State())
    let limit: Int

    public init(limit: Int = 200_000) {
        self.limit = limit
    }

    /// The stem key of each word of `words(text)`, computed once per text.
    func stemKeys(_ text: String, _ words: (String) -> [String]) -> [String] {
        if let known = state.withLock({ $0.stemKeys[text] }) { return known }
        let keys = words(text).map(QueryTerms.stemKey)
        state.withLock { state in
            if state.stemKeys.count >= limit { state.stemKeys.removeAll(keepingCapacity: true) }
            state.stemKeys[text] = keys
        }
        return keys
    }

    /// `RegexLiterals.requirement(pattern)`, computed once per pattern.
    func requirement(_ pattern: String) -> [[String]] {
        if let known = state.withLock({ $0.requirements[pattern] }) { return known }
        let need = RegexLiterals.requirement(pattern)
        state.withLock { state in
            if state.requirements.count >= limit { state.requirements.removeAll(keepingCapacity: true) }
            state.requirements[pattern] = need
        }
        return need
    }
}
