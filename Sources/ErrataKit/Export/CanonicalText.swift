/// `errata fmt`: the canonical text of a file of records, what export
/// would give for them: each record checked as import checks it and
/// written back as Python's `json.dumps(indent=2, ensure_ascii=False)`
/// prints it, in its own format and key order. A file of one document
/// keeps what followed it; NDJSON stays one compact record a line.
public enum CanonicalText {
    public static func format(_ bytes: [UInt8], name: String, lineDelimited: Bool) throws -> [UInt8] {
        let decoder = RecordDecoder()
        func canonical(_ value: JSONValue, path: String, place: String) throws -> JSONValue {
            do {
                return RecordEncoder.encode(try decoder.decode(value, path: path))
            } catch {
                throw ImportFailure(file: name, place: place + error.path, message: error.message)
            }
        }
        var out: [UInt8] = []
        if lineDelimited {
            var line = 0
            for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                line += 1
                if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let value: JSONValue
                do {
                    value = try raw.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer, line: line) }
                } catch {
                    throw ImportFailure(file: name, place: "\(error.line):\(error.column)", message: error.message)
                }
                JSONWriter.write(try canonical(value, path: "$", place: "\(line): "), into: &out, indent: 0, pretty: false)
                out.append(0x0A)
            }
            return out
        }
        let documents: [(value: JSONValue, line: Int)]
        do {
            documents = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parseSequence(buffer) }
        } catch {
            throw ImportFailure(file: name, place: "\(error.line):\(error.column)", message: error.message)
        }
        for (index, (value, line)) in documents.enumerated() {
            let prefix = documents.count > 1 ? "\(line): " : " "
            if index > 0 { out.append(0x0A) }
            if case .array(let items) = value {
                if items.isEmpty { out += Array("[]".utf8); continue }
                out.append(UInt8(ascii: "["))
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    out += [0x0A, 0x20, 0x20]
                    JSONWriter.write(try canonical(item, path: "$[\(i)]", place: prefix), into: &out, indent: 2, pretty: true)
                }
                out += Array("\n]".utf8)
            } else {
                JSONWriter.write(try canonical(value, path: "$", place: prefix), into: &out, indent: 0, pretty: true)
            }
        }
        out += Array((documents.count == 1 ? RecordReader.trailingSpace(bytes) ?? "\n" : "\n").utf8)
        return out
    }
}
