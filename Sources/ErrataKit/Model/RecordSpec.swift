/// What a known member's value must be.
enum FieldType: Sendable {
    case id                 // segment/segment[/segment] of [a-z0-9._-]
    case text               // string or null
    case requiredText       // non-empty string
    case regex              // string that compiles, or null
    case rate               // number 0...1, or null
    case count              // integer >= 0, or null
    case date               // "YYYY-MM-DD", or null
    case object             // JSON object, stored as text
    case resolvable         // "true" / "partial" / "false", or null
}

/// Where a known member's value goes.
indirect enum FieldRule: Sendable {
    case column(String, FieldType)
    case nested(ObjectSpec)
    case children(ChildTable)
    /// The canon's environment.runtime object: one `versions` row.
    case runtime
    case tags
    case aliases
    case translation(TranslatedList)
    case sources
    case transitions(TransitionRow.Kind)
}

enum ChildTable: Sendable {
    case versions, deadEnds, workarounds

    var spec: ObjectSpec {
        switch self {
        case .versions: return RecordSpec.version
        case .deadEnds: return RecordSpec.deadEnd
        case .workarounds: return RecordSpec.workaround
        }
    }
}

/// The known members of one kind of JSON object and their default order.
struct ObjectSpec: Sendable {
    let fields: [(key: String, rule: FieldRule)]
    let required: [String]
    /// Keys of the default layout per format (what a NULL layout means).
    let seedDefault: [String]
    let canonDefault: [String]
    /// defaultLayout(.seed) and defaultLayout(.canon), computed once: every
    /// decoded object is compared with them.
    private let seedLayout: [LayoutItem]
    private let canonLayout: [LayoutItem]

    init(_ fields: [(String, FieldRule)], required: [String] = [], seedDefault: [String]? = nil, canonDefault: [String]? = nil) {
        self.fields = fields.map { (key: $0.0, rule: $0.1) }
        self.required = required
        self.seedDefault = seedDefault ?? fields.map(\.0)
        self.canonDefault = canonDefault ?? seedDefault ?? fields.map(\.0)
        let rules = self.fields
        func layout(_ keys: [String], _ format: RecordFormat) -> [LayoutItem] {
            keys.map { key in
                if case .nested(let sub)? = rules.first(where: { $0.key == key })?.rule {
                    return .nested(key, sub.defaultLayout(format))
                }
                return .key(key)
            }
        }
        self.seedLayout = layout(self.seedDefault, .seed)
        self.canonLayout = layout(self.canonDefault, .canon)
    }

    /// The table columns this object's fields are stored in, in field
    /// order: what a child table's rows are written and read with.
    var columns: [String] {
        fields.compactMap { field in
            if case .column(let name, _) = field.rule { return name }
            return nil
        }
    }

    func rule(for key: String) -> FieldRule? {
        fields.first { $0.key == key }?.rule
    }

    func defaultKeys(_ format: RecordFormat) -> [String] {
        format == .seed ? seedDefault : canonDefault
    }

    /// The layout a NULL `layout` column stands for.
    func defaultLayout(_ format: RecordFormat) -> [LayoutItem] {
        format == .seed ? seedLayout : canonLayout
    }
}

/// The two record formats and their child objects, as data: the decoder,
/// the encoder and the store all walk these tables.
enum RecordSpec {
    static let version = ObjectSpec([
        ("version", .column("version", .text)),
        ("product", .column("product", .text)),
        ("version_range", .column("version_range", .text)),
        ("introduced", .column("introduced", .text)),
        ("deprecated", .column("deprecated", .text)),
        ("removed", .column("removed", .text)),
        ("behavior_change", .column("behavior_change", .text)),
        ("status", .column("status", .text)),
    ], seedDefault: ["version", "introduced", "deprecated", "removed", "behavior_change", "status"])

    static let runtime = ObjectSpec([
        ("name", .column("product", .text)),
        ("version_range", .column("version_range", .text)),
    ])

    static let deadEnd = ObjectSpec([
        ("action", .column("action", .text)),
        ("why_fails", .column("why_fails", .text)),
        ("fail_rate", .column("fail_rate", .rate)),
        ("condition", .column("condition", .text)),
        ("common_misconception", .column("common_misconception", .text)),
        ("tradeoff", .column("tradeoff", .text)),
        ("sources", .sources),
    ], seedDefault: ["action", "why_fails", "fail_rate", "condition", "sources"],
       canonDefault: ["action", "why_fails", "fail_rate", "sources", "condition"])

    static let workaround = ObjectSpec([
        ("action", .column("action", .text)),
        ("success_rate", .column("success_rate", .rate)),
        ("how", .column("how", .text)),
        ("condition", .column("condition", .text)),
        ("tradeoff", .column("tradeoff", .text)),
        ("sources", .sources),
    ], seedDefault: ["action", "success_rate", "how", "condition", "sources"],
       canonDefault: ["action", "success_rate", "how", "sources", "condition"])

    static let transition = ObjectSpec([
        ("error_id", .column("error_id", .id)),
        ("probability", .column("probability", .rate)),
        ("condition", .column("condition", .text)),
        ("typical_delay", .column("typical_delay", .text)),
        ("distinction", .column("distinction", .text)),
    ], required: ["error_id"], seedDefault: ["error_id", "probability", "condition"])

    static let transitionGraph = ObjectSpec([
        ("leads_to", .transitions(.leadsTo)),
        ("preceded_by", .transitions(.precededBy)),
        ("frequently_confused_with", .transitions(.confusedWith)),
    ])

    /// Seed members that the canon format has no place for; a canon may
    /// carry them at top level (that is how a seed exports as a canon).
    static let seedOnly: [(String, FieldRule)] = [
        ("signature_zh", .column("signature_zh", .text)),
        ("subcategory", .column("subcategory", .text)),
        ("root_cause_type", .column("root_cause_type", .text)),
        ("root_cause_zh", .column("root_cause_zh", .text)),
        ("os_specific", .column("os_specific", .object)),
        ("workarounds_zh", .translation(.workaroundsZh)),
        ("official_doc_url", .column("official_doc_url", .text)),
        ("official_doc_section", .column("official_doc_section", .text)),
        ("error_code", .column("error_code", .text)),
        ("tags", .tags),
        ("locale", .column("locale", .text)),
        ("aliases", .aliases),
    ]

    static let seed = ObjectSpec([
        ("id", .column("id", .id)),
        ("signature", .column("signature", .requiredText)),
        ("signature_zh", .column("signature_zh", .text)),
        ("regex", .column("regex", .regex)),
        ("domain", .column("domain", .requiredText)),
        ("category", .column("category", .text)),
        ("subcategory", .column("subcategory", .text)),
        ("root_cause", .column("root_cause", .text)),
        ("root_cause_type", .column("root_cause_type", .text)),
        ("root_cause_zh", .column("root_cause_zh", .text)),
        ("versions", .children(.versions)),
        ("os_specific", .column("os_specific", .object)),
        ("dead_ends", .children(.deadEnds)),
        ("workarounds", .children(.workarounds)),
        ("workarounds_zh", .translation(.workaroundsZh)),
        ("transition_graph", .nested(transitionGraph)),
        ("official_doc_url", .column("official_doc_url", .text)),
        ("official_doc_section", .column("official_doc_section", .text)),
        ("error_code", .column("error_code", .text)),
        ("verification_tier", .column("verification_tier", .text)),
        ("confidence", .column("confidence", .rate)),
        ("fix_success_rate", .column("fix_success_rate", .rate)),
        ("resolvable", .column("resolvable", .resolvable)),
        ("first_seen", .column("first_seen", .date)),
        ("last_confirmed", .column("last_confirmed", .date)),
        ("last_updated", .column("last_updated", .date)),
        ("evidence_count", .column("evidence_count", .count)),
        ("tags", .tags),
        ("locale", .column("locale", .text)),
        ("aliases", .aliases),
    ], required: ["id", "signature", "domain"])

    static let canon = ObjectSpec([
        ("id", .column("id", .id)),
        ("error", .nested(ObjectSpec([
            ("signature", .column("signature", .requiredText)),
            ("regex", .column("regex", .regex)),
            ("domain", .column("domain", .requiredText)),
            ("category", .column("category", .text)),
            ("first_seen", .column("first_seen", .date)),
            ("last_confirmed", .column("last_confirmed", .date)),
        ], required: ["signature", "domain"]))),
        ("environment", .nested(ObjectSpec([("runtime", .runtime)]))),
        ("verdict", .nested(ObjectSpec([
            ("resolvable", .column("resolvable", .resolvable)),
            ("fix_success_rate", .column("fix_success_rate", .rate)),
            ("confidence", .column("confidence", .rate)),
            ("last_updated", .column("last_updated", .date)),
            ("summary", .column("root_cause", .text)),
        ]))),
        ("dead_ends", .children(.deadEnds)),
        ("workarounds", .children(.workarounds)),
        ("transition_graph", .nested(transitionGraph)),
        ("metadata", .nested(ObjectSpec([
            ("review_status", .column("verification_tier", .text)),
            ("evidence_count", .column("evidence_count", .count)),
        ]))),
    ] + seedOnly, required: ["id", "error"],
       seedDefault: ["id", "error", "environment", "verdict", "dead_ends", "workarounds", "transition_graph", "metadata"])

    static func spec(for format: RecordFormat) -> ObjectSpec {
        format == .seed ? seed : canon
    }

    /// Every `records` column a spec can fill, in table order.
    static let recordColumns = [
        "id", "signature", "signature_zh", "regex", "domain", "category", "subcategory",
        "root_cause", "root_cause_type", "root_cause_zh", "os_specific", "official_doc_url",
        "official_doc_section", "error_code", "verification_tier", "confidence", "fix_success_rate",
        "resolvable", "first_seen", "last_confirmed", "last_updated", "evidence_count", "locale",
    ]
}
