/// The filters of a search or an export as a person gives them (the
/// CLI's options, the MCP tools' and the HTTP API's parameters), checked
/// and resolved against a database into `SearchFilters`.
public struct FilterValues: Equatable, Sendable {
    public var domain: String?
    public var category: String?
    public var tag: String?
    public var tier: String?
    public var minConfidence: Double?
    public var status: String?
    public var affects: String?
    public var oldVersionSpec: String?

    public init(domain: String? = nil, category: String? = nil, tag: String? = nil, tier: String? = nil, minConfidence: Double? = nil,
                status: String? = nil, affects: String? = nil, oldVersionSpec: String? = nil) {
        self.domain = domain
        self.category = category
        self.tag = tag
        self.tier = tier
        self.minConfidence = minConfidence
        self.status = status
        self.affects = affects
        self.oldVersionSpec = oldVersionSpec
    }

    public var isEmpty: Bool {
        domain == nil && category == nil && tag == nil && tier == nil && minConfidence == nil && status == nil && spec == nil
    }

    private var spec: String? { affects ?? oldVersionSpec }

    /// The filters, with a version spec's product widened to all its names
    /// and checked against the products the database knows.
    /// `names`: the product name variants (read from the user's file when not given).
    public func filters(in db: Database, names: ProductNames? = nil) throws -> SearchFilters {
        var version: VersionSpec?
        if let spec {
            do {
                version = try VersionSpec(spec)
            } catch {
                throw QueryFailure("--affects: \(error.message)", code: 2)
            }
            if let product = version?.product {
                version?.productNames = try Self.checkedProductNames(product, in: db, names: names ?? ProductNames.load())
            }
        }
        if let minConfidence, !(0...1).contains(minConfidence) {
            throw QueryFailure("--min-confidence: expected a number between 0 and 1, got \(minConfidence)", code: 2)
        }
        return SearchFilters(domain: domain, category: category, tag: tag, tier: tier,
                             minConfidence: minConfidence, status: status, version: version)
    }

    /// Every name of `product` (`ProductNames`); a product no record names
    /// is an answer of its own: nothing found, and the names that look alike.
    static func checkedProductNames(_ product: String, in db: Database, names all: ProductNames) throws -> [String] {
        let names = all.variants(of: product)
        if try VersionedProducts.namesAny(names, in: db) { return names }
        let alike = VersionedProducts.lookAlike(product, among: try VersionedProducts.all(db))
        throw QueryFailure("no record names the product \"\(product)\"" + (alike.isEmpty
            ? "" : "; products that look alike: " + alike.joined(separator: ", ")), code: 1)
    }
}

/// What was asked cannot be answered as asked: one line for the person,
/// and the exit code the CLI gives it (1 nothing found, 2 bad input).
public struct QueryFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var code: Int32

    public init(_ message: String, code: Int32 = 2) {
        self.message = message
        self.code = code
    }

    public var description: String { message }
}
