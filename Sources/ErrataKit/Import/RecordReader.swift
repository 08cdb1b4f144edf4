/// Reads the records of one input - a single object, an array, several
/// concatenated documents, or NDJSON streamed line by line - and decodes
/// each, turning every problem into an `ImportFailure` with its place.
public enum RecordReader {
    /// Calls `body` with each record and the JSON path it came from (with
    /// the line for multi-document input, e.g. "7: $").
    public static func forEachRecord(in source: InputSource, decoder: RecordDecoder, _ body: (RecordData, String) throws -> Void) throws {
        if source.isLineDelimited, case .path(let path) = source {
            try forEachLine(path, name: source.name, decoder: decoder, body)
            return
        }
        var bytes: [UInt8]
        switch source {
        case .path(let path):
            do {
                bytes = try FileSystem.readAll(path)
            } catch let failure as FileSystem.Failure {
                throw ImportFailure(file: source.name, place: "", message: failure.reason)
            }
        case .bytes(_, let data):
            bytes = data
        }
        let documents: [(value: JSONValue, line: Int)]
        do {
            documents = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parseSequence(buffer) }
        } catch {
            throw ImportFailure(file: source.name, place: "\(error.line):\(error.column)", message: error.message)
        }
        let several = documents.count > 1
        // A record alone in its file keeps what followed it, so that export
        // gives the file back byte for byte.
        let trailing = several ? nil : trailingSpace(bytes)
        bytes = []
        for (value, line) in documents {
            let prefix = several ? "\(line): " : " "
            if case .array(let items) = value {
                for (i, item) in items.enumerated() {
                    try decode(item, path: "$[\(i)]", prefix: prefix, file: source.name, decoder: decoder, body)
                }
            } else {
                try decode(value, path: "$", prefix: prefix, file: source.name, trailing: trailing, decoder: decoder, body)
            }
        }
    }

    /// The white space after the last value of `bytes`; nil when it is the
    /// usual single newline.
    static func trailingSpace(_ bytes: [UInt8]) -> String? {
        var end = bytes.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        let tail = bytes[end...]
        return tail.elementsEqual([0x0A]) ? nil : String(decoding: tail, as: UTF8.self)
    }

    private static func decode(_ value: JSONValue, path: String, prefix: String, file: String, trailing: String? = nil, decoder: RecordDecoder, _ body: (RecordData, String) throws -> Void) throws {
        var record: RecordData
        do {
            record = try decoder.decode(value, path: path)
        } catch {
            throw ImportFailure(file: file, place: prefix + error.path, message: error.message)
        }
        record.trailing = trailing
        try body(record, prefix + path)
    }

    private static func forEachLine(_ path: String, name: String, decoder: RecordDecoder, _ body: (RecordData, String) throws -> Void) throws {
        let reader: LineReader
        do {
            reader = try LineReader(path: path)
        } catch let failure as FileSystem.Failure {
            throw ImportFailure(file: name, place: "", message: failure.reason)
        }
        var sawRecord = false
        while true {
            let parsed: JSONValue?? = try reader.next { line -> JSONValue? in
                var blank = true
                for b in line where b != 0x20 && b != 0x09 && b != 0x0D { blank = false; break }
                if blank { return nil }
                do throws(JSONSyntaxError) {
                    return try JSONParser.parse(line, line: reader.lineNumber)
                } catch {
                    throw ImportFailure(file: name, place: "\(error.line):\(error.column)", message: error.message)
                }
            }
            guard let lineValue = parsed else { break }
            guard let value = lineValue else { continue }
            sawRecord = true
            try decode(value, path: "$", prefix: "\(reader.lineNumber): ", file: name, decoder: decoder, body)
        }
        if !sawRecord {
            throw ImportFailure(file: name, place: "1:1", message: "empty input: expected one JSON record per line")
        }
    }
}

/// `errata validate`: reads and checks files exactly as import would,
/// without a database.
public enum Validator {
    public struct Report: Sendable {
        public var records = 0
        public var files = 0
        public var failures: [ImportFailure] = []
        public var skipped = SkippedFiles()
    }

    public static func validate(_ paths: [String], followLinks: Bool = false) throws -> Report {
        var report = Report()
        let sources: [InputSource]
        do {
            let inputs = try InputSource.expand(paths, followLinks: followLinks)
            sources = inputs.sources
            report.skipped = inputs.skipped
        } catch let failure as FileSystem.Failure {
            throw ImportFailure(file: failure.path, place: "", message: failure.reason)
        }
        let decoder = RecordDecoder()
        var seen: [String: String] = [:]
        for source in sources {
            report.files += 1
            var count = 0
            do {
                try RecordReader.forEachRecord(in: source, decoder: decoder) { record, place in
                    if let first = seen[record.id] {
                        throw ImportFailure(file: source.name, place: place + ".id", message: "duplicate id \"\(record.id)\" (first in \(first))")
                    }
                    seen[record.id] = source.name
                    count += 1
                }
                report.records += count
            } catch let failure as ImportFailure {
                report.failures.append(failure)
            }
        }
        return report
    }
}
