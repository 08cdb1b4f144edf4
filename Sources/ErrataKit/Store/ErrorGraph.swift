/// The transition graph around one record: what it leads to, what precedes
/// it and what it is confused with, to a given depth.
public struct ErrorGraph: Sendable {
    public struct Node: Equatable, Sendable {
        public var id: String
        public var depth: Int
        /// nil when the id is not in the database (a dangling link).
        public var signature: String?
    }

    public struct Edge: Equatable, Sendable {
        public var from: String
        public var kind: TransitionRow.Kind
        public var to: String
        public var probability: Double?
        public var condition: String?
        public var distinction: String?
        /// False when the edge is the reverse of one declared on `to`
        /// (B preceded_by A read from A's leads_to B).
        public var declared: Bool
    }

    public var root: String
    public var nodes: [Node]
    public var edges: [Edge]

    /// Walks the graph with a recursive CTE, in both directions, stopping
    /// at `depth` and never entering a node twice on one path (cycles end).
    public init(db: Database, id: String, depth: Int) throws {
        root = id
        // Both edge directions, as (node, neighbour): declared edges and
        // the reverse of edges declared elsewhere.
        let walk = """
            WITH RECURSIVE walk(node, depth, path) AS (
                SELECT ?1, 0, ',' || ?1 || ','
                UNION
                SELECT t.to_id, w.depth + 1, w.path || t.to_id || ','
                FROM walk w JOIN records r ON r.id = w.node JOIN transitions t ON t.from_rid = r.rid
                WHERE w.depth < ?2 AND instr(w.path, ',' || t.to_id || ',') = 0
                UNION
                SELECT r.id, w.depth + 1, w.path || r.id || ','
                FROM walk w JOIN transitions t ON t.to_id = w.node JOIN records r ON r.rid = t.from_rid
                WHERE w.depth < ?2 AND instr(w.path, ',' || r.id || ',') = 0
            )
            SELECT w.node, min(w.depth), r.signature FROM walk w LEFT JOIN records r ON r.id = w.node
            GROUP BY w.node ORDER BY 2, 1
            """
        nodes = try db.prepare(walk).map([.text(id), .integer(Int64(depth))]) { row in
            Node(id: row.text(0) ?? "", depth: Int(row.int64(1)), signature: row.text(2))
        }
        let depthOf = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.depth) })
        var edges: [Edge] = []
        let declared = try db.prepare("""
            SELECT r.id, t.kind, t.to_id, t.probability, t.condition, t.distinction
            FROM transitions t JOIN records r ON r.rid = t.from_rid
            WHERE r.id = ? ORDER BY CASE t.kind WHEN 'leads_to' THEN 0 WHEN 'preceded_by' THEN 1 ELSE 2 END, t.ordinal
            """)
        let incoming = try db.prepare("""
            SELECT r.id, t.kind, t.to_id, t.probability, t.condition, t.distinction
            FROM transitions t JOIN records r ON r.rid = t.from_rid WHERE t.to_id = ? ORDER BY r.id, t.kind, t.ordinal
            """)
        for node in nodes where node.depth < depth {
            var seen = Set<String>()
            try declared.forEach([.text(node.id)]) { row in
                let edge = Self.edge(row, reversed: false)
                if depthOf[edge.to] != nil, seen.insert(edge.kind.rawValue + " " + edge.to).inserted { edges.append(edge) }
            }
            try incoming.forEach([.text(node.id)]) { row in
                let edge = Self.edge(row, reversed: true)
                if depthOf[edge.to] != nil, seen.insert(edge.kind.rawValue + " " + edge.to).inserted { edges.append(edge) }
            }
        }
        self.edges = edges
    }

    private static func edge(_ row: Statement, reversed: Bool) -> Edge {
        let from = row.text(0) ?? ""
        let kind = TransitionRow.Kind(rawValue: row.text(1) ?? "") ?? .leadsTo
        let to = row.text(2) ?? ""
        let probability = row.isNull(3) ? nil : row.double(3)
        if !reversed {
            return Edge(from: from, kind: kind, to: to, probability: probability, condition: row.text(4), distinction: row.text(5), declared: true)
        }
        let inverse: TransitionRow.Kind
        switch kind {
        case .leadsTo: inverse = .precededBy
        case .precededBy: inverse = .leadsTo
        case .confusedWith: inverse = .confusedWith
        }
        return Edge(from: to, kind: inverse, to: from, probability: probability, condition: row.text(4), distinction: row.text(5), declared: false)
    }
}
