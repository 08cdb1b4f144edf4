import ErrataKit
import MCP

/// Each record as a resource, `errata://record/{id}`, for clients that
/// browse resources rather than call tools.
enum RecordResources {
    static let template = "errata://record/{id}"
    static let prefix = "errata://record/"
    static let pageSize = 100
}

extension KnowledgeBaseService {
    /// A page of records in id order; the cursor is the last id of the page before.
    func listResources(after cursor: String?) throws -> ListResources.Result {
        let rows = try db.prepare("SELECT id, signature FROM records WHERE id > ? ORDER BY id LIMIT ?")
            .map([.text(cursor ?? ""), .integer(Int64(RecordResources.pageSize + 1))]) { ($0.text(0) ?? "", $0.text(1) ?? "") }
        let page = rows.prefix(RecordResources.pageSize)
        return ListResources.Result(
            resources: page.map {
                Resource(name: $0.0, uri: RecordResources.prefix + $0.0, description: $0.1.joiningLines(with: " "), mimeType: "application/json")
            },
            nextCursor: rows.count > RecordResources.pageSize ? page.last?.0 : nil)
    }

    func readResource(_ uri: String) throws -> ReadResource.Result {
        guard uri.hasPrefix(RecordResources.prefix) else {
            throw MCPError.invalidParams("unknown resource \"\(uri)\" (records are \(RecordResources.template))")
        }
        let id = String(uri.dropFirst(RecordResources.prefix.count)).removingPercentEncoding
        let store = RecordStore(db)
        guard let record = try store.load(id: id) else {
            throw MCPError.invalidParams(store.missingIDMessage(id))
        }
        return ReadResource.Result(contents: [.text(JSONWriter.pretty(RecordEncoder.encode(record, as: .seed)), uri: uri, mimeType: "application/json")])
    }
}

extension String {
    /// `%2F` and the like decoded, for ids a client escaped in a URI; the
    /// text as it is when it holds no valid escape.
    var removingPercentEncoding: String {
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
