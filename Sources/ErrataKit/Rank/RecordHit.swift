/// What a search hit and a match hit share: which record, and how it
/// ranked. `SearchHit` and `MatchHit` add what only they have and read
/// these members through it (`hit.id`, `hit.confidence`).
public struct RecordHit: Equatable, Sendable {
    public var rid: Int64
    public var id: String
    public var domain: String
    public var category: String?
    public var signature: String
    /// Higher is better (the ranking model's score, comparable within one
    /// search or match); 0 for a plain listing.
    public var score: Double
    /// Other records of the same error (`domain/slug`) in other environments.
    public var variants: [String] = []
    /// The fitted chance that this is the record sought (0...1; 0 for a plain listing).
    public var confidence = 0.0
    /// `confidence` reaches the model's threshold: an answer, not just the nearest record.
    public var confident = false

    public init(rid: Int64, id: String, domain: String, category: String?, signature: String, score: Double,
                variants: [String] = [], confidence: Double = 0, confident: Bool = false) {
        self.rid = rid
        self.id = id
        self.domain = domain
        self.category = category
        self.signature = signature
        self.score = score
        self.variants = variants
        self.confidence = confidence
        self.confident = confident
    }
}

/// A hit that is a `RecordHit` and more.
public protocol RecordHitCarrying {
    var record: RecordHit { get set }
}

extension RecordHitCarrying {
    public subscript<T>(dynamicMember member: WritableKeyPath<RecordHit, T>) -> T {
        get { record[keyPath: member] }
        set { record[keyPath: member] = newValue }
    }
}
