import Synchronization

/// Answers of the read API, kept while the database stays as it was: a
/// team's CI jobs and bots ask the same question again and again (the
/// same failing build pasted by every retry). An answer is stored with the
/// database generation it was computed at (`KnowledgeBase.generation`,
/// which moves on every commit, this server's or another process's), and
/// only given for that generation. Oldest out first when over the budget.
final class AnswerCache: Sendable {
    struct Entry {
        var generation: UInt64
        var bytes: [UInt8]
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var head = 0
        var bytes = 0
    }

    /// Bytes of keys and answers kept at most; 0 turns the cache off.
    let budget: Int
    private let state = Mutex(State())

    init(budget: Int) {
        self.budget = budget
    }

    func answer(_ key: String, generation: UInt64) -> [UInt8]? {
        guard budget > 0 else { return nil }
        return state.withLock { state in
            guard let entry = state.entries[key], entry.generation == generation else { return nil }
            return entry.bytes
        }
    }

    func store(_ key: String, _ bytes: [UInt8], generation: UInt64) {
        let size = key.utf8.count + bytes.count
        guard budget > 0, size <= budget / 16 else { return }
        state.withLock { state in
            if let old = state.entries.updateValue(Entry(generation: generation, bytes: bytes), forKey: key) {
                state.bytes -= key.utf8.count + old.bytes.count
            } else {
                state.order.append(key)
            }
            state.bytes += size
            while state.bytes > budget, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if let gone = state.entries.removeValue(forKey: oldest) { state.bytes -= oldest.utf8.count + gone.bytes.count }
            }
            // The queue's spent front is dropped once it is most of it.
            if state.head > 1024 && state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }
}
