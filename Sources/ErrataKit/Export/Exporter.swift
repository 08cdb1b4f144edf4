/// Writes records as canonical JSON text, streaming: a whole database goes
/// out one record at a time, never as one document in memory.
public struct Exporter {
    public enum Shape: Sendable {
        /// One record: the object itself.
        case single
        /// Several: a JSON array, as `json.dumps(list, indent=2)` prints it.
        case array
        /// One compact object per line.
        case ndjson
    }

    public let store: RecordStore
    public var format: RecordFormat?
    /// Changes each document before it is written (`export --with-outcomes`).
    public var transform: ((RecordData, JSONValue) throws -> JSONValue)?

    public init(store: RecordStore, format: RecordFormat? = nil) {
        self.store = store
        self.format = format
    }

    /// The document of one record, in `format` (default: its own).
    public func document(rid: Int64) throws -> JSONValue? {
        guard let record = try store.load(rid: rid) else { return nil }
        return try document(record)
    }

    private func document(_ record: RecordData) throws -> JSONValue {
        let doc = RecordEncoder.encode(record, as: format)
        return try transform?(record, doc) ?? doc
    }

    /// Writes the records `rids` in order through `write` (called with chunks of UTF-8).
    public func export(rids: [Int64], shape: Shape, write: ([UInt8]) throws -> Void) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        // A write that throws (the reader went away) ends the export there.
        func flush(force: Bool = false) throws {
            if force || out.count >= 1 << 16 {
                try write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        switch shape {
        case .single:
            for rid in rids {
                guard let record = try store.load(rid: rid) else { continue }
                JSONWriter.write(try document(record), into: &out, indent: 0, pretty: true)
                // What followed the record in its file: the bytes that came in.
                out += Array((record.trailing ?? "\n").utf8)
                try flush()
            }
        case .ndjson:
            for rid in rids {
                guard let doc = try document(rid: rid) else { continue }
                JSONWriter.write(doc, into: &out, indent: 0, pretty: false)
                out.append(0x0A)
                try flush()
            }
        case .array:
            if rids.isEmpty {
                out += Array("[]\n".utf8)
                break
            }
            out.append(UInt8(ascii: "["))
            var first = true
            for rid in rids {
                guard let doc = try document(rid: rid) else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out += [0x0A, 0x20, 0x20]
                JSONWriter.write(doc, into: &out, indent: 2, pretty: true)
                try flush()
            }
            out += Array("\n]\n".utf8)
        }
        try flush(force: true)
    }
}
