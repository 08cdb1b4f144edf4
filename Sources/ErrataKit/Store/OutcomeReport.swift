/// What `errata report` and the MCP tool `report_outcome` record: one
/// outcome for an action of a record, named by its number (from 1) or the
/// start of its text.
public struct OutcomeReport: Sendable {
    public var recordID: String
    public var kind: Outcome.Kind
    public var selector: String
    public var result: Outcome.Result
    public var note: String?

    public init(recordID: String, kind: Outcome.Kind, selector: String, result: Outcome.Result, note: String? = nil) {
        self.recordID = recordID
        self.kind = kind
        self.selector = selector
        self.result = result
        self.note = note
    }

    /// A report as an agent or an HTTP client names it: one workaround or
    /// one dead end (number or start of text) and a result word; each
    /// mistake is a one-line `QueryFailure` that starts with `asker`.
    public init(recordID: String, workaround: String?, deadEnd: String?, result name: String, note: String?, asker: String) throws {
        guard let result = Outcome.Result(rawValue: name) else { throw QueryFailure("\(asker): result must be worked, failed or confirmed") }
        let kind: Outcome.Kind
        switch (workaround, deadEnd, result) {
        case (.some, nil, .worked), (.some, nil, .failed): kind = .workaround
        case (nil, .some, .confirmed): kind = .deadEnd
        case (.some, nil, _): throw QueryFailure("\(asker): a workaround outcome is worked or failed")
        case (nil, .some, _): throw QueryFailure("\(asker): a dead end outcome is confirmed")
        default: throw QueryFailure("\(asker): name one workaround or one dead_end")
        }
        self.init(recordID: recordID, kind: kind, selector: workaround ?? deadEnd ?? "", result: result, note: note)
    }

    /// What was recorded, with the action's tallies after it.
    public struct Receipt: Sendable {
        public var recordID: String
        public var kind: Outcome.Kind
        /// From 0, as stored; people count from 1.
        public var ordinal: Int
        public var action: String
        public var result: Outcome.Result
        public var rate: ObservedRate

        /// "recorded: ID workaround 2 worked (here 3 of 4 worked)"
        public var summary: String {
            let noun = kind == .workaround ? "workaround" : "dead end"
            let tally = kind == .workaround ? "here \(rate.worked) of \(rate.observed) worked"
                : "confirmed here \(rate.confirmed) \(rate.confirmed == 1 ? "time" : "times")"
            return "recorded: \(recordID) \(noun) \(ordinal + 1) \(result.rawValue) (\(tally))"
        }

        /// The receipt as the MCP tool and the HTTP API answer it.
        public var json: JSONValue {
            .object(JSONObject([
                .init("id", .string(recordID)), .init("kind", .string(kind.rawValue)),
                .init("number", .number(JSONNumber(Int64(ordinal + 1)))), .init("action", .string(action)),
                .init("result", .string(result.rawValue)),
                .init("worked", .number(JSONNumber(Int64(rate.worked)))), .init("failed", .number(JSONNumber(Int64(rate.failed)))),
                .init("confirmed", .number(JSONNumber(Int64(rate.confirmed)))),
            ]))
        }
    }

    /// The record and the action the report is about. A missing record is
    /// a `QueryFailure` of code 1, an action that cannot be told one of code 2.
    public func target(in db: Database) throws -> (record: RecordData, ordinal: Int, action: String) {
        let store = RecordStore(db)
        guard let record = try store.load(id: recordID) else {
            throw QueryFailure(store.missingIDMessage(recordID), code: 1)
        }
        do {
            let target = try OutcomeTarget.resolve(selector, kind: kind, in: record)
            return (record, target.ordinal, target.action)
        } catch let failure as OutcomeTarget.Failure {
            throw QueryFailure(failure.description, code: 2)
        }
    }

    /// Records the outcome in its own transaction (after `target`'s checks).
    public func record(in db: Database) throws -> Receipt {
        let (record, ordinal, action) = try target(in: db)
        let outcomes = OutcomeStore(db)
        _ = try db.inTransaction {
            try outcomes.add(Outcome(recordID: record.id, kind: kind, action: action, ordinal: ordinal, result: result, note: note))
        }
        let rate = try outcomes.tallies(recordID: record.id)[kind]?[action] ?? ObservedRate()
        return Receipt(recordID: record.id, kind: kind, ordinal: ordinal, action: action, result: result, rate: rate)
    }
}
