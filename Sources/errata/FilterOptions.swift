import ArgumentParser
import ErrataKit

/// The filters `search` and `export` share.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only records of this domain (nginx, python, docker, ...).", completion: Completions.domains)
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
        try values.checkedFilters(in: db)
    }
}

extension FilterValues {
    /// The filters, with the CLI's note on the old spelling and its errors.
    func checkedFilters(in db: Database, names: ProductNames? = nil) throws -> SearchFilters {
        if oldVersionSpec != nil && affects == nil {
            Terminal.error("note: --version SPEC is now --affects SPEC (errata --version prints the program's version)")
        }
        return try reportingErrors { try filters(in: db, names: names) }
    }
}


