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

    @Option(name: .customLong("min-confidence"), help: "Only records with confidence of at least this (0..1).")
    var minConfidence: Double?

    @Option(help: "Only records with a version entry of this status (active, deprecated, removed, ...).")
    var status: String?

    @Option(name: .customLong("version"), help: ArgumentHelp("Only records that apply to this version: [PRODUCT ][OP]VERSION, OP one of = >= <= > < (none: this version or any under it).", valueName: "spec"))
    var versionSpec: String?

    var isEmpty: Bool {
        domain == nil && category == nil && tag == nil && tier == nil && minConfidence == nil && status == nil && versionSpec == nil
    }

    func filters() throws -> SearchFilters {
        var version: VersionSpec?
        if let versionSpec {
            do {
                version = try VersionSpec(versionSpec)
            } catch {
                throw CommandFailure("--version: \(error.message)", code: 2)
            }
        }
        if let minConfidence, !(0...1).contains(minConfidence) {
            throw CommandFailure("--min-confidence: expected a number between 0 and 1, got \(minConfidence)", code: 2)
        }
        return SearchFilters(domain: domain, category: category, tag: tag, tier: tier,
                             minConfidence: minConfidence, status: status, version: version)
    }
}
