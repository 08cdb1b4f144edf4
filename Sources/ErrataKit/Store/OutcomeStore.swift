#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An outcome reported here: a workaround that worked or failed, a dead
/// end confirmed.
public struct Outcome: Equatable, Sendable {
    public enum Kind: String, Sendable { case workaround, deadEnd = "dead_end" }
    public enum Result: String, Sendable { case worked, failed, confirmed }

    public var uuid: String
    public var recordID: String
    public var kind: Kind
    /// The action's text when it was reported: what ties the outcome to it.
    public var action: String
    public var ordinal: Int
    public var result: Result
    public var note: String?
    public var reportedAt: String

    public init(recordID: String, kind: Kind, action: String, ordinal: Int, result: Result, note: String? = nil,
                uuid: String = Outcome.randomUUID(), reportedAt: String = Outcome.now()) {
        self.uuid = uuid
        self.recordID = recordID
        self.kind = kind
        self.action = action
        self.ordinal = ordinal
        self.result = result
        self.note = note
        self.reportedAt = reportedAt
    }

    /// A random (version 4) UUID.
    public static func randomUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }

    /// The time now, UTC, as 2026-11-29T21:14:03Z.
    public static func now() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// What was observed of one action, and the rate that blends it with the
/// declared one: a Beta prior centred on the declared rate, worth
/// `priorWeight` observations, updated by what happened here.
public struct ObservedRate: Equatable, Sendable {
    public static let priorWeight = 10.0
    public var declared: Double?
    public var worked = 0
    public var failed = 0
    public var confirmed = 0

    public init(declared: Double? = nil, worked: Int = 0, failed: Int = 0, confirmed: Int = 0) {
        (self.declared, self.worked, self.failed, self.confirmed) = (declared, worked, failed, confirmed)
    }

    public var observed: Int { worked + failed }

    /// The declared rate moved by the outcomes; nil without either.
    public var blended: Double? {
        if observed == 0 { return declared }
        let prior = declared ?? 0.5
        return (prior * Self.priorWeight + Double(worked)) / (Self.priorWeight + Double(observed))
    }
}

/// The `outcomes` table.
public struct OutcomeStore {
    public let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// The table and its index as schema.sql defines them (a migration
    /// from version 5 runs this): schema.sql stays the only definition.
    static func createTable(_ db: Database) throws {
        let sql = Schema.sql
        guard let start = sql.firstRange(of: "CREATE TABLE outcomes ("),
              let index = sql[start.upperBound...].firstRange(of: "CREATE INDEX outcomes_record"),
              let end = sql[index.upperBound...].firstIndex(of: ";") else {
            throw SQLiteError(code: 1, message: "schema.sql defines no outcomes table", sql: nil)
        }
        try db.execute(String(sql[start.lowerBound...end]))
    }

    /// Appends one; an outcome whose uuid is already there is left as it is
    /// (false), so that importing shared outcomes twice changes nothing.
    @discardableResult
    public func add(_ outcome: Outcome) throws -> Bool {
        try db.cached("""
            INSERT OR IGNORE INTO outcomes (uuid, record_id, kind, action, ordinal, result, note, reported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(outcome.uuid), .text(outcome.recordID), .text(outcome.kind.rawValue), .text(outcome.action),
                      .integer(Int64(outcome.ordinal)), .text(outcome.result.rawValue), outcome.note.map(SQLValue.text) ?? .null,
                      .text(outcome.reportedAt)])
        return db.changes > 0
    }

    /// The counts for each action of one record, by kind and action text.
    public func tallies(recordID: String) throws -> [Outcome.Kind: [String: ObservedRate]] {
        var out: [Outcome.Kind: [String: ObservedRate]] = [:]
        try db.cached("SELECT kind, action, result, count(*) FROM outcomes WHERE record_id = ? GROUP BY kind, action, result")
            .forEach([.text(recordID)]) { row in
                guard let kind = Outcome.Kind(rawValue: row.text(0) ?? ""), let result = Outcome.Result(rawValue: row.text(2) ?? "") else { return }
                let action = row.text(1) ?? ""
                let n = Int(row.int64(3))
                var rate = out[kind, default: [:]][action] ?? ObservedRate()
                switch result {
                case .worked: rate.worked += n
                case .failed: rate.failed += n
                case .confirmed: rate.confirmed += n
                }
                out[kind, default: [:]][action] = rate
            }
        return out
    }
}

/// Which workaround or dead end of a record a report names.
public enum OutcomeTarget {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The text an action is known by: its `action`, else its `how` (a
    /// workaround) or `why_fails` (a dead end), as `show` lists it.
    public static func text(of row: ChildRow, kind: Outcome.Kind) -> String {
        for key in ["action", kind == .workaround ? "how" : "why_fails"] {
            if let text = row.values[key]?.stringValue, !text.isEmpty { return text }
        }
        return ""
    }

    /// `selector` is the action's number as `show` prints it (from 1) or
    /// the start of its text (any case), which must name one action.
    public static func resolve(_ selector: String, kind: Outcome.Kind, in record: RecordData) throws -> (ordinal: Int, action: String) {
        let rows = kind == .workaround ? record.workarounds : record.deadEnds
        let noun = kind == .workaround ? "workaround" : "dead end"
        let texts = rows.map { text(of: $0, kind: kind) }
        if let n = Int(selector) {
            guard (1...max(rows.count, 1)).contains(n), n <= rows.count else {
                throw Failure(description: "\(record.id) has no \(noun) \(n)" + (rows.isEmpty ? " (it lists none)" : " (it lists \(rows.count): 1-\(rows.count))"))
            }
            return (n - 1, texts[n - 1])
        }
        let wanted = selector.lowercased()
        let found = texts.indices.filter { texts[$0].lowercased().hasPrefix(wanted) && !wanted.isEmpty }
        switch found.count {
        case 1: return (found[0], texts[found[0]])
        case 0: throw Failure(description: "no \(noun) of \(record.id) starts with \"\(selector)\"; give its number (errata show \(record.id))")
        default:
            throw Failure(description: "\"\(selector)\" starts \(noun)s " + found.map { String($0 + 1) }.joined(separator: " and ") + " of \(record.id); give more of the text or the number")
        }
    }
}

extension OutcomeStore {
    /// Every outcome, oldest first.
    public func all() throws -> [Outcome] {
        try db.prepare("SELECT uuid, record_id, kind, action, ordinal, result, note, reported_at FROM outcomes ORDER BY oid").map([]) { row in
            Outcome(recordID: row.text(1) ?? "", kind: Outcome.Kind(rawValue: row.text(2) ?? "") ?? .workaround, action: row.text(3) ?? "",
                    ordinal: Int(row.int64(4)), result: Outcome.Result(rawValue: row.text(5) ?? "") ?? .worked, note: row.text(6),
                    uuid: row.text(0) ?? "", reportedAt: row.text(7) ?? "")
        }
    }

    /// Outcomes whose record is gone, or whose action the record no
    /// longer has (its text changed): kept, and counted by `stats`.
    public func orphanedCount() throws -> Int {
        Int(try db.scalarInteger("""
            SELECT count(*) FROM outcomes o WHERE NOT EXISTS (
                SELECT 1 FROM records r JOIN workarounds w ON w.record_rid = r.rid
                WHERE o.kind = 'workaround' AND r.id = o.record_id
                  AND (CASE WHEN coalesce(w.action, '') <> '' THEN w.action ELSE coalesce(w.how, '') END) = o.action
                UNION ALL
                SELECT 1 FROM records r JOIN dead_ends d ON d.record_rid = r.rid
                WHERE o.kind = 'dead_end' AND r.id = o.record_id
                  AND (CASE WHEN coalesce(d.action, '') <> '' THEN d.action ELSE coalesce(d.why_fails, '') END) = o.action)
            """) ?? 0)
    }

    public func count() throws -> Int {
        Int(try db.scalarInteger("SELECT count(*) FROM outcomes") ?? 0)
    }
}

/// Outcomes as NDJSON, one object a line, to share them between machines.
public enum OutcomeJSON {
    public static func encode(_ outcome: Outcome) -> JSONValue {
        .object(JSONObject([
            .init("uuid", .string(outcome.uuid)),
            .init("record_id", .string(outcome.recordID)),
            .init("kind", .string(outcome.kind.rawValue)),
            .init("action", .string(outcome.action)),
            .init("ordinal", .number(JSONNumber(Int64(outcome.ordinal)))),
            .init("result", .string(outcome.result.rawValue)),
            .init("note", outcome.note.map(JSONValue.string) ?? .null),
            .init("reported_at", .string(outcome.reportedAt)),
        ]))
    }

    /// One line's outcome, or what is wrong with it (a JSON path and what was expected).
    public static func decode(_ value: JSONValue) throws(RecordError) -> Outcome {
        guard case .object(let object) = value else { throw RecordError(path: "$", message: "expected an object") }
        func text(_ key: String) throws(RecordError) -> String {
            guard let s = object[key]?.stringValue, !s.isEmpty else { throw RecordError(path: "$.\(key)", message: "expected a non-empty string") }
            return s
        }
        let kindText = try text("kind")
        guard let kind = Outcome.Kind(rawValue: kindText) else { throw RecordError(path: "$.kind", message: "expected workaround or dead_end, got \"\(kindText)\"") }
        let resultText = try text("result")
        guard let result = Outcome.Result(rawValue: resultText), (kind == .deadEnd) == (result == .confirmed) else {
            throw RecordError(path: "$.result", message: kind == .workaround ? "expected worked or failed" : "expected confirmed")
        }
        guard case .number(let n)? = object["ordinal"], let ordinal = Int(exactly: n.doubleValue), ordinal >= 0 else {
            throw RecordError(path: "$.ordinal", message: "expected an integer >= 0")
        }
        var note: String?
        switch object["note"] {
        case nil, .null?: note = nil
        case .string(let s)?: note = s
        default: throw RecordError(path: "$.note", message: "expected a string or null")
        }
        return Outcome(recordID: try text("record_id"), kind: kind, action: try text("action"), ordinal: ordinal, result: result,
                       note: note, uuid: try text("uuid"), reportedAt: try text("reported_at"))
    }
}

extension OutcomeStore {
    /// `doc` (a record's document) with each workaround's `success_rate`
    /// blended with the outcomes reported here, marked as such: the
    /// declared rate is kept as `declared_success_rate`, the counts as
    /// `observed`, and the record says `"rates_blended_with_outcomes": true`.
    /// Records without outcomes come back unchanged.
    public func blendingOutcomes(into doc: JSONValue, of record: RecordData) throws -> JSONValue {
        let rates = try tallies(recordID: record.id)[.workaround] ?? [:]
        guard !rates.isEmpty, case .object(var object) = doc, case .array(var items)? = object["workarounds"],
              let at = object.members.firstIndex(where: { $0.key == "workarounds" }) else { return doc }
        var changed = false
        for (i, item) in items.enumerated() where i < record.workarounds.count {
            guard case .object(var workaround) = item,
                  var rate = rates[OutcomeTarget.text(of: record.workarounds[i], kind: .workaround)], rate.observed > 0 else { continue }
            let declared = workaround["success_rate"]
            if case .number(let n)? = declared { rate.declared = n.doubleValue }
            guard let blended = rate.blended, let index = workaround.members.firstIndex(where: { $0.key == "success_rate" }) else { continue }
            workaround.members[index].value = .number(JSONNumber((blended * 1000).rounded() / 1000))
            workaround.append("declared_success_rate", declared ?? .null)
            workaround.append("observed", .object(JSONObject([
                .init("worked", .number(JSONNumber(Int64(rate.worked)))), .init("failed", .number(JSONNumber(Int64(rate.failed)))),
            ])))
            items[i] = .object(workaround)
            changed = true
        }
        guard changed else { return doc }
        object.members[at].value = .array(items)
        object.append("rates_blended_with_outcomes", .bool(true))
        return .object(object)
    }
}
