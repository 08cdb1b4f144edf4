#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads, parses and decodes the inputs of an import on a thread of its
/// own, handing the writer `RecordRows` in input order. Reading and
/// decoding cost about as much as SQLite's part of an insert, so on two
/// cores an import takes the longer of the two instead of their sum.
///
/// The writer walks the sources with `nextSource()` and the records of each
/// with `nextRecord()`, which throws the reader's `ImportFailure` at the
/// place it happened: the records before it were handed over, so the
/// writer's transaction decides what stays, exactly as when one thread did
/// everything.
final class ImportPipeline {
    private enum Item: Sendable {
        case source(Int)
        case record(RecordRows, place: String)
        case failed(ImportFailure)
        case sourceEnd
    }

    /// Items go over in batches: one hand-over per record cost a thread
    /// wake-up each (a fifth of the import's time in system calls).
    private static let batchSize = 64

    private let sources: [InputSource]
    private let channel = BoundedChannel<[Item]>(capacity: 8)
    /// Batches the writer is done with go back to be freed by the reader:
    /// releasing a record's many small objects is work the writer need not do.
    private let spent = BoundedChannel<[Item]>(capacity: 8)
    private var thread: pthread_t?
    private var inSource = false
    private var batch: [Item] = []
    private var next = 0

    /// Starts reading `sources` at once.
    init(sources: [InputSource]) throws {
        self.sources = sources
        let channel = self.channel
        let spent = self.spent
        thread = try startThread {
            Self.read(sources, into: channel, freeing: spent)
        }
    }

    deinit {
        finish()
    }

    /// The source whose records come next; nil after the last one.
    func nextSource() -> InputSource? {
        skipRestOfSource()
        guard case .source(let index)? = receive() else { return nil }
        inSource = true
        return sources[index]
    }

    /// The next record of the current source and its place; nil at its end.
    func nextRecord() throws -> (rows: RecordRows, place: String)? {
        guard inSource else { return nil }
        switch receive() {
        case .record(let rows, let place)?:
            return (rows, place)
        case .failed(let failure)?:
            inSource = false
            throw failure
        case .sourceEnd?, .source?, nil:
            inSource = false
            return nil
        }
    }

    /// Passes over what is left of the current source (after a failure the
    /// writer found in it, say).
    func skipRestOfSource() {
        while inSource, (try? nextRecord()) != nil {}
        inSource = false
    }

    private func receive() -> Item? {
        if next == batch.count {
            guard let items = channel.receive() else { return nil }
            _ = spent.trySend(batch)  // when there is no room, it is freed here after all
            batch = items
            next = 0
        }
        next += 1
        return batch[next - 1]
    }

    /// Stops the reader, if it still runs, and waits for it.
    func finish() {
        guard let thread else { return }
        channel.cancel()
        pthread_join(thread, nil)
        self.thread = nil
    }

    private struct Cancelled: Error {}

    private static func read(_ sources: [InputSource], into channel: BoundedChannel<[Item]>, freeing spent: BoundedChannel<[Item]>) {
        let decoder = RecordDecoder()
        var batch: [Item] = []
        func flush() throws {
            guard channel.send(batch) else { throw Cancelled() }
            batch = []
            while spent.tryReceive() != nil {}
        }
        func send(_ item: Item) throws {
            batch.append(item)
            if batch.count == batchSize { try flush() }
        }
        do {
            for (index, source) in sources.enumerated() {
                try send(.source(index))
                do {
                    try RecordReader.forEachRecord(in: source, decoder: decoder) { record, place in
                        try send(.record(RecordRows(record), place: place))
                    }
                    try send(.sourceEnd)
                } catch let failure as ImportFailure {
                    try send(.failed(failure))
                }
            }
            if !batch.isEmpty { try flush() }
        } catch {
            return  // cancelled
        }
        channel.close()
    }
}

/// Starts `body` on a new thread; join it with `pthread_join`.
func startThread(_ body: @escaping @Sendable () -> Void) throws -> pthread_t {
    final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(&thread, nil, { raw in
        Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, context)
    guard rc == 0 else {
        Unmanaged<Box>.fromOpaque(context).release()
        throw ImportFailure(file: "import", place: "", message: "cannot start the reading thread (\(String(cString: strerror(rc))))")
    }
    return thread
}

/// A first-in, first-out queue of at most `capacity` elements between one
/// sending and one receiving thread. `close()` ends it after what was sent;
/// `cancel()` ends it at once, also for a sender waiting for room.
final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var ring: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    private var cancelled = false

    init(capacity: Int) {
        ring = Array(repeating: nil, count: capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// False when the channel was cancelled: the sender should stop.
    @discardableResult
    func send(_ element: Element) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == ring.count && !cancelled {
            pthread_cond_wait(changed, mutex)
        }
        if cancelled { return false }
        put(element)
        return true
    }

    /// The next element; nil once the channel is closed and empty, or cancelled.
    func receive() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == 0 && !closed && !cancelled {
            pthread_cond_wait(changed, mutex)
        }
        if cancelled || count == 0 { return nil }
        return take()
    }

    /// Appends at the tail; the mutex is held and there is room.
    private func put(_ element: Element) {
        ring[(head + count) % ring.count] = element
        count += 1
        pthread_cond_broadcast(changed)
    }

    /// The element at the head; the mutex is held and `count > 0`.
    private func take() -> Element? {
        let element = ring[head]
        ring[head] = nil
        head = (head + 1) % ring.count
        count -= 1
        pthread_cond_broadcast(changed)
        return element
    }

    /// Sends without waiting; hands the element back when there is no room.
    func trySend(_ element: Element) -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if count == ring.count || cancelled { return element }
        put(element)
        return nil
    }

    /// Receives without waiting; nil when there is nothing.
    func tryReceive() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if count == 0 || cancelled { return nil }
        return take()
    }

    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    func cancel() {
        pthread_mutex_lock(mutex)
        cancelled = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }
}
