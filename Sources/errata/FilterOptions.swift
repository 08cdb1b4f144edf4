import ArgumentParser
import ErrataKit

/// The filters `search` and `export` share.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only records of this domain (nginx, python, docker, ...).")
    var domain: String?

    @Option(help: "Only records of this category.")
    var category: String?

    @Option(help: "Only records with this tag.")
    var tag: String?

    @Option(help: "Only records of this verification tier (ai_generated, human_reviewed, ...).")
    var tier: String?

    @Option(name: .customLong("min-confidence"), help: ArgumentHelp("Only records with confidence of at least this (0..1).", valueName: "x"))
    var minConfidence: Double?

    @Option(help: "Only records with a version entry of this status (active, deprecated, removed, ...).")
    var status: String?

    @Option(help: ArgumentHelp("Only records that affect this version: [PRODUCT ][OP]VERSION, OP one of = >= <= > < (none: this version or any under it), e.g. \"nginx 1.24\", \"nginx>=1.25\".", valueName: "spec"))
    var affects: String?

    /// The old spelling of --affects, kept working with a note.
    @Option(name: .customLong("version"), help: .hidden)
    var oldVersionSpec: String?

    var values: FilterValues {
        FilterValues(domain: domain, category: category, tag: tag, tier: tier, minConfidence: minConfidence,
                     status: status, affects: affects, oldVersionSpec: oldVersionSpec)
    }

    var isEmpty: Bool { values.isEmpty }

    func filters(in db: Database) throws -> SearchFilters {
        try values.filters(in: db)
    }
}

/// The filters as plain values.
struct FilterValues: Equatable {
    var domain: String?
    var category: String?
    var tag: String?
    var tier: String?
    var minConfidence: Double?
    var status: String?
    var affects: String?
    var oldVersionSpec: String?

    var isEmpty: Bool {
        domain == nil && category == nil && tag == nil && tier == nil && minConfidence == nil && status == nil && spec == nil
    }

    private var spec: String? { affects ?? oldVersionSpec }

    /// The filters, with a version spec's product widened to all its names
    /// and checked against the products the database knows.
    func filters(in db: Database) throws -> SearchFilters {
        if oldVersionSpec != nil && affects == nil {
            Terminal.error("note: --version SPEC is now --affects SPEC (errata --version prints the program's version)")
        }
        var version: VersionSpec?
        if let spec {
            do {
                version = try VersionSpec(spec)
            } catch {
                throw CommandFailure("--affects: \(error.message)", code: 2)
            }
            if let product = version?.product {
                version?.productNames = try Self.checkedProductNames(product, in: db)
            }
        }
        if let minConfidence, !(0...1).contains(minConfidence) {
            throw CommandFailure("--min-confidence: expected a number between 0 and 1, got \(minConfidence)", code: 2)
        }
        return SearchFilters(domain: domain, category: category, tag: tag, tier: tier,
                             minConfidence: minConfidence, status: status, version: version)
    }

    /// Every name of `product` (`ProductNames`); a product no record names
    /// is an answer of its own: nothing found, and the names that look alike.
    static func checkedProductNames(_ product: String, in db: Database) throws -> [String] {
        let names = ProductNames.load().variants(of: product)
        let known = try reportingErrors { try VersionedProducts.all(db) }
        if names.contains(where: known.contains) { return names }
        let alike = VersionedProducts.lookAlike(product, among: known)
        throw CommandFailure("no record names the product \"\(product)\"" + (alike.isEmpty
            ? "" : "; products that look alike: " + alike.joined(separator: ", ")), code: 1)
    }
}
