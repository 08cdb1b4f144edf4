/// `errata stats`: what the database holds.
public struct Statistics: Equatable, Sendable {
    public struct Dangling: Equatable, Sendable {
        public var fromID: String
        public var kind: String
        public var toID: String
    }

    public var records = 0
    public var byDomain: [(String, Int)] = []
    public var byCategory: [(String, Int)] = []
    public var byTier: [(String, Int)] = []
    public var versions = 0
    public var deadEnds = 0
    public var workarounds = 0
    public var transitions = 0
    /// Transitions whose target id is not in the database.
    public var dangling: [Dangling] = []
    /// Outcomes reported here, and those whose record or action is gone.
    public var outcomes = 0
    public var orphanedOutcomes = 0

    public static func == (a: Statistics, b: Statistics) -> Bool {
        a.records == b.records && a.dangling == b.dangling
            && a.byDomain.elementsEqual(b.byDomain, by: ==) && a.byCategory.elementsEqual(b.byCategory, by: ==)
            && a.byTier.elementsEqual(b.byTier, by: ==)
            && (a.versions, a.deadEnds, a.workarounds, a.transitions, a.outcomes, a.orphanedOutcomes)
            == (b.versions, b.deadEnds, b.workarounds, b.transitions, b.outcomes, b.orphanedOutcomes)
    }

    public init() {}

    public init(db: Database) throws {
        records = Int(try db.scalarInteger("SELECT count(*) FROM records") ?? 0)
        func grouped(_ column: String) throws -> [(String, Int)] {
            try db.prepare("SELECT coalesce(\(column), '(none)'), count(*) AS n FROM records GROUP BY 1 ORDER BY n DESC, 1")
                .map { ($0.text(0) ?? "", Int($0.int64(1))) }
        }
        byDomain = try grouped("domain")
        byCategory = try grouped("category")
        byTier = try grouped("verification_tier")
        versions = Int(try db.scalarInteger("SELECT count(*) FROM versions") ?? 0)
        deadEnds = Int(try db.scalarInteger("SELECT count(*) FROM dead_ends") ?? 0)
        workarounds = Int(try db.scalarInteger("SELECT count(*) FROM workarounds") ?? 0)
        transitions = Int(try db.scalarInteger("SELECT count(*) FROM transitions") ?? 0)
        dangling = try Self.danglingLinks(db)
        let store = OutcomeStore(db)
        outcomes = try store.count()
        orphanedOutcomes = outcomes == 0 ? 0 : try store.orphanedCount()
    }

    /// Transitions whose target id is not in the database, by source id.
    public static func danglingLinks(_ db: Database) throws -> [Dangling] {
        try db.prepare("""
            SELECT r.id, t.kind, t.to_id FROM transitions t JOIN records r ON r.rid = t.from_rid
            WHERE NOT EXISTS (SELECT 1 FROM records x WHERE x.id = t.to_id)
            ORDER BY r.id, t.kind, t.ordinal
            """).map { Dangling(fromID: $0.text(0) ?? "", kind: $0.text(1) ?? "", toID: $0.text(2) ?? "") }
    }
}
