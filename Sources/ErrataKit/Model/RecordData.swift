/// The two document shapes Errata reads and writes.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// Errata's own flat seed record (DESIGN, "The seed format").
    case seed
    /// deadends.dev ErrorCanon 1.x (DESIGN, "The canon format").
    case canon
}

/// One record as it is stored: the values of the `records` columns and the
/// rows of every child table, plus the layout that lets export rebuild the
/// exact document. This is the single in-memory form between JSON and SQL.
public struct RecordData: Equatable, Sendable {
    public var format: RecordFormat
    /// `records` column name -> value; only the members the document had.
    public var values: [String: JSONValue]
    public var versions: [ChildRow] = []
    public var deadEnds: [ChildRow] = []
    public var workarounds: [ChildRow] = []
    public var transitions: [TransitionRow] = []
    public var tags: [String] = []
    public var aliases: [String] = []
    /// Translated lists keyed by `TranslatedList`.
    public var translations: [TranslatedList: [String]] = [:]
    /// Document shape; nil when it is the default shape of `format`.
    public var layout: [LayoutItem]?
    /// What followed the record in a file that held it alone (white space:
    /// "" when the file ended at its closing brace); nil for the usual
    /// single newline. Export of the one record writes it back.
    public var trailing: String?

    public init(format: RecordFormat, values: [String: JSONValue] = [:]) {
        self.format = format
        self.values = values
    }

    public var id: String { values["id"]?.stringValue ?? "" }

    public func text(_ column: String) -> String? { values[column]?.stringValue }

    /// Whether two records hold the same content, whatever format and key
    /// order they arrived in: what "unchanged" means on re-import.
    public func sameContent(as other: RecordData) -> Bool {
        values == other.values
            && versions.map(\.content) == other.versions.map(\.content)
            && deadEnds.map(\.content) == other.deadEnds.map(\.content)
            && workarounds.map(\.content) == other.workarounds.map(\.content)
            && transitions.map(\.content) == other.transitions.map(\.content)
            && tags == other.tags && aliases == other.aliases
            && translations == other.translations
            && Layout.keptLeaves(layout ?? []) == Layout.keptLeaves(other.layout ?? [])
    }
}

/// A list of translated strings kept in the `translations` table.
public struct TranslatedList: Hashable, Sendable {
    public let field: String
    public let locale: String
    public static let workaroundsZh = TranslatedList(field: "workarounds", locale: "zh")
}

/// A row of `versions`, `dead_ends` or `workarounds`.
public struct ChildRow: Equatable, Sendable {
    public var values: [String: JSONValue] = [:]
    public var sources: [String] = []
    public var layout: [LayoutItem]?

    public init(values: [String: JSONValue] = [:], sources: [String] = [], layout: [LayoutItem]? = nil) {
        self.values = values
        self.sources = sources
        self.layout = layout
    }

    struct Content: Equatable {
        var values: [String: JSONValue]
        var sources: [String]
        var kept: [Layout.Leaf]
    }

    var content: Content {
        Content(values: values, sources: sources, kept: Layout.keptLeaves(layout ?? []))
    }
}

/// An edge of the error graph, as one `transitions` row.
public struct TransitionRow: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case leadsTo = "leads_to"
        case precededBy = "preceded_by"
        case confusedWith = "frequently_confused_with"

        /// How the link reads in a listing: "leads to", "preceded by", "confused with".
        public var label: String {
            switch self {
            case .leadsTo: "leads to"
            case .precededBy: "preceded by"
            case .confusedWith: "confused with"
            }
        }
    }

    public var kind: Kind
    public var toID: String
    /// True when the document gave a bare id string rather than an object.
    public var isBareID: Bool
    /// probability / condition / typical_delay / distinction, when given.
    public var values: [String: JSONValue] = [:]
    public var layout: [LayoutItem]?

    struct Content: Equatable {
        var kind: Kind
        var toID: String
        var isBareID: Bool
        var values: [String: JSONValue]
        var kept: [Layout.Leaf]
    }

    var content: Content {
        Content(kind: kind, toID: toID, isBareID: isBareID, values: values, kept: Layout.keptLeaves(layout ?? []))
    }
}
