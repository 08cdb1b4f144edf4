/// `errata delete`: removes records by id, all of them or none, and says
/// which links of the records that stay now name a record that is gone.
public struct RecordDeletion: Sendable {
    /// The ids removed (or that would be, on a dry run), in the order given, each once.
    public var deleted: [String] = []
    /// Links from records that stay to the deleted ones: "from kind to".
    public var danglingLinks: [String] = []

    /// A named id that is not in the database: nothing is deleted.
    public struct Missing: Error, CustomStringConvertible, Sendable {
        public var ids: [String]
        public var description: String {
            "no record with id " + ids.map { "\"\($0)\"" }.joined(separator: ", ") + "; nothing deleted"
        }
    }

    /// Deletes `ids` in one transaction (rolled back when `dryRun`).
    public init(ids: [String], in store: RecordStore, dryRun: Bool = false) throws {
        let db = store.db
        var rids: [Int64] = []
        var missing: [String] = []
        for id in ids where !deleted.contains(id) && !missing.contains(id) {
            if let rid = try store.rid(of: id) {
                rids.append(rid)
                deleted.append(id)
            } else {
                missing.append(id)
            }
        }
        if !missing.isEmpty { throw Missing(ids: missing) }
        let gone = Set(deleted)
        let links = try db.prepare("""
            SELECT r.id, t.kind, t.to_id FROM transitions t JOIN records r ON r.rid = t.from_rid
            WHERE t.to_id IN (SELECT value FROM json_each(?)) ORDER BY r.id, t.kind, t.ordinal
            """).map([.text(JSONWriter.compact(.array(deleted.map(JSONValue.string))))]) { ($0.text(0) ?? "", $0.text(1) ?? "", $0.text(2) ?? "") }
        danglingLinks = links.filter { !gone.contains($0.0) }.map { "\($0.0) \($0.1) \($0.2)" }
        let body = { for rid in rids { try store.delete(rid: rid) } }
        if dryRun {
            try db.inSavepoint(rollingBack: true, body)
        } else {
            try db.inTransaction(.immediate, body)
        }
    }
}
