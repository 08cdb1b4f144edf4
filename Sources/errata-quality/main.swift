// errata-quality: how often the right record comes first, on queries
// written without the engine (../shared/bench/dev-queries.jsonl).
//
//   swift build -c release && .build/release/errata-quality
//
// Options: --db PATH (a database of the 2,522 canons; built there from
// ../shared/corpus when missing, default /tmp/errata-quality/corpus.db),
// --queries PATH, --misses (print each query whose target is not first),
// --cv (held-out figures), --fit (the same, then refit on all folds, print
// the public scenarios under the logs model, and rewrite
// FittedModels.swift), --only log|keywords (one kind; --fit keeps the
// other kind's model as it is), --why TARGET (the features of the best
// five errors and of TARGET for its queries, shipped model).
// Without --cv or --fit it prints the shipped models on the dev queries
// and on each dev log's most telling line alone, the same against the
// built-in seeds alone, this project's own sets in Tests/Fixtures, and
// deadends.dev's public scenarios.
#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import ErrataKit

let arguments = BenchArguments()
let options = arguments.options
let flags = arguments.flags


let packageRoot = FileSystem.directory(of: FileSystem.directory(of: FileSystem.directory(of: #filePath)))
let shared = options["shared"] ?? packageRoot + "/../shared"
let corpusDir = shared + "/corpus/deadends/canons"
let queriesPath = options["queries"] ?? shared + "/bench/dev-queries.jsonl"
let dbPath = options["db"] ?? "/tmp/errata-quality/corpus.db"

guard FileSystem.exists(queriesPath) else { fail("\(queriesPath) is missing: the development queries live in ../shared/bench") }
let db: Database
do {
    if !FileSystem.exists(dbPath) {
        guard FileSystem.isDirectory(corpusDir) else { fail("\(corpusDir) is missing: the corpus lives in ../shared/corpus") }
        try FileSystem.makeDirectories(FileSystem.directory(of: dbPath))
        let fresh = try ErrataDatabase.open(DatabaseLocation.resolve(explicit: dbPath, environment: [:]))
        let summary = try Importer(store: RecordStore(fresh)).importPaths([corpusDir], options: ImportOptions())
        say("imported \(summary.inserted) canons into \(dbPath)")
    }
    db = try ErrataDatabase.open(DatabaseLocation.resolve(explicit: dbPath, environment: [:]))
} catch {
    fail("\(dbPath): \(error)")
}

let queries: [DevQuery]
do { queries = try DevQuery.load(queriesPath) } catch { fail("\(error)") }

if flags.contains("fit") || flags.contains("cv") {
    // Five-fold cross-validation: fit on four folds, score the fifth. Every
    // fit starts from `untrainedModel`, never from the shipped model: that
    // one was fitted on all five folds, the fold scored among them.
    var written = ["logs": describe(RankingModel.logs), "keywords": describe(RankingModel.keywords)]
    for (kind, name) in [(DevQuery.Kind.log, "logs"), (.keywords, "keywords")] {
        if let only = options["only"], only != kind.rawValue { continue }
        let start = untrainedModel
        let ranker = Ranker(db: db, model: start)
        let cases: [FitCase]
        do { cases = try makeCases(queries.filter { $0.kind == kind }, ranker: ranker, pool: 300) } catch { fail("\(error)") }
        var held = FoldScores()
        var start0 = FoldScores()
        var trained = FoldScores()
        var confidence = ConfidenceScores()
        var scenarioFolds: [String] = []
        for fold in 0..<5 {
            let training = cases.filter { $0.fold != fold }
            let model = fitConfidence(training, model: fit(training, start: start, ranker: ranker), ranker: ranker)
            if kind == .log, let scores = scenarioScores(model) {
                scenarioFolds.append(scenarioSummary(scores))
            }
            for c in training { trained.add(fold: fold, rank: rank(c, model: model, ranker: ranker)) }
            for c in cases where c.fold == fold {
                held.add(fold: fold, rank: rank(c, model: model, ranker: ranker))
                start0.add(fold: fold, rank: rank(c, model: start, ranker: ranker))
                confidence.add(confidenceSamples(c, model: model, ranker: ranker), model: model)
            }
        }
        say(start0.line("\(kind.rawValue), untrained model"))
        say(trained.line("\(kind.rawValue), training folds (by the fold left out)"))
        say(held.line("\(kind.rawValue), held-out folds"))
        say(confidence.line("\(kind.rawValue), held-out folds"))
        say(confidence.calibration("\(kind.rawValue), held-out folds"))
        // The public scenarios must stay at top-1 domain 1.00: whether each
        // fold's model keeps them says how firmly the features and the fit
        // do, beyond the one model fitted on all five folds.
        if !scenarioFolds.isEmpty { say("public scenarios, top-1 domain under each fold's model: " + scenarioFolds.joined(separator: ", ")) }
        if flags.contains("fit") {
            let model = fitConfidence(cases, model: fit(cases, start: start, ranker: ranker), ranker: ranker)
            written[name] = describe(model)
            if kind == .log, let scores = scenarioScores(model) {
                say("public scenarios, top-1 domain under the model fitted on all folds: " + scenarioSummary(scores))
            }
        }
    }
    if flags.contains("fit") {
        let file = packageRoot + "/Sources/ErrataKit/Rank/FittedModels.swift"
        let text = """
            // Written by `errata-quality --fit` (fitted on ../shared/bench/dev-queries.jsonl); do not edit by hand.
            extension RankingModel {
                /// For pasted output (`errata match`).
                public static let logs = RankingModel(
                    \(written["logs"]!))
                /// For typed queries (`errata search`).
                public static let keywords = RankingModel(
                    \(written["keywords"]!))
            }

            """
        guard let out = fopen(file, "w") else { fail("cannot write \(file)") }
        fputs(text, out)
        fclose(out)
        say("wrote \(file)")
    }
    exit(0)
}

if let target = options["why"] {
    // What the shipped model weighed for one target's queries: each
    // feature of the best five errors and of the target.
    let names = RankingModel.Feature.allCases.map { "\($0)" }
    for q in queries where q.target == target {
        if let only = options["only"], only != q.kind.rawValue { continue }
        let model = q.kind == .log ? RankingModel.logs : RankingModel.keywords
        let ranker = Ranker(db: db, model: model)
        do {
            guard let c = try makeCases([q], ranker: ranker, pool: 300).first else { continue }
            let list = ranked(c, model: model, ranker: ranker)
            say("\(q.kind.rawValue) \(target): \(c.query.terms.terms.map { "\($0.text)/\($0.kind)" }.joined(separator: " "))")
            for (i, r) in list.enumerated() where i < 5 || r.errorKey == target {
                let features = zip(names, r.features).map { "\($0)=\(short($1))" }.joined(separator: " ")
                say("  \(i + 1). \(r.errorKey) score \(short(r.score)): \(features)")
            }
        } catch {
            fail("\(error)")
        }
    }
    exit(0)
}

// The shipped models; and each log's most telling line alone, which
// nothing is fitted on (one pasted line says less than the paste).
let lineQueries = DevQuery.lines(of: queries)
var scores: [DevQuery.Kind: FoldScores] = [:]
let showMisses = flags.contains("misses")
for q in queries + lineQueries {
    let ids: [String]
    do {
        switch q.kind {
        case .log, .line: ids = try Matcher(db: db).match(text: q.query, limit: 10).hits.map(\.id)
        case .keywords: ids = try Searcher(db: db).search(q.query, limit: 10).hits.map(\.id)
        }
    } catch {
        fail("\(q.target) (\(q.kind.rawValue)): \(error)")
    }
    var seen: [String] = []
    for id in ids where !seen.contains(Ranker.errorKey(id)) { seen.append(Ranker.errorKey(id)) }
    let rank = seen.firstIndex(of: q.target).map { $0 + 1 }
    scores[q.kind, default: FoldScores()].add(fold: q.fold, rank: rank)
    if showMisses && rank != 1 {
        say("miss \(q.kind.rawValue) \(q.target) rank \(rank.map(String.init) ?? "-"): got \(seen.prefix(3).joined(separator: ", "))")
    }
}
say(scores[.log, default: FoldScores()].line("dev logs, errata match"))
say(scores[.keywords, default: FoldScores()].line("dev keywords, errata search"))
say(scores[.line, default: FoldScores()].line("dev logs' most telling line alone, errata match"))

// A small database: the same queries against the built-in seeds alone.
// Confidence is fitted on the canons; here almost every query's error is
// missing, so a confident answer is nearly always wrong (a seed may be the
// same error under another slug, which this counts as wrong too).
/// A database made again on every run (the built-in seeds change with the
/// binary; the canons do not), holding the seeds and, if asked, the canons.
func seedsDatabase(_ name: String, withCanons: Bool) throws -> Database {
    let path = FileSystem.directory(of: dbPath) + "/" + name
    for suffix in ["", "-wal", "-shm"] { FileSystem.remove(path + suffix) }
    let fresh = try ErrataDatabase.open(DatabaseLocation.resolve(explicit: path, environment: [:]))
    let importer = Importer(store: RecordStore(fresh))
    _ = try importer.importSources(Schema.builtinSeeds.map { InputSource.text(name: $0.path, text: $0.text) }, options: ImportOptions())
    if withCanons { _ = try importer.importPaths([corpusDir], options: ImportOptions()) }
    return fresh
}

do {
    let seeds = try seedsDatabase("seeds.db", withCanons: false)
    var confident: [DevQuery.Kind: (wrong: Int, all: Int)] = [:]
    for q in queries + lineQueries {
        let top: RecordHit?
        switch q.kind {
        case .log, .line: top = try Matcher(db: seeds).match(text: q.query, limit: 1).hits.first?.record
        case .keywords: top = try Searcher(db: seeds).search(q.query, limit: 1).hits.first?.record
        }
        confident[q.kind, default: (0, 0)].all += 1
        if let top, top.confident, Ranker.errorKey(top.id) != q.target {
            confident[q.kind]!.wrong += 1
            if showMisses { say("confident in the seeds \(q.kind.rawValue) \(q.target): \(top.id) \(format(top.confidence))") }
        }
    }
    let share = { (kind: DevQuery.Kind) in format(Double(confident[kind]?.wrong ?? 0) / Double(max(1, confident[kind]?.all ?? 0))) }
    say("dev queries against the \(Schema.builtinSeeds.count) built-in seeds alone: confident and wrong on logs \(share(.log)), keywords \(share(.keywords)), one line \(share(.line))")
} catch {
    fail("built-in seeds: \(error)")
}

// This project's own sets (Tests/Fixtures), written while tuning earlier
// engines: they flatter, and `swift test` guards them.
do {
    let pastes = FixtureSets.pastes(String(decoding: try FileSystem.readAll(packageRoot + "/Tests/Fixtures/match-pastes.txt"), as: UTF8.self))
    var first = 0, top3 = 0
    for paste in pastes {
        let keys = try Matcher(db: db).match(text: paste.text, limit: 3).hits.map { Ranker.errorKey($0.id) }
        if let head = keys.first, paste.expected.contains(head) { first += 1 }
        if keys.contains(where: paste.expected.contains) { top3 += 1 } else if showMisses { say("paste miss: \(paste.expected) -> \(keys)") }
    }
    say("own pastes (\(pastes.count), Tests/Fixtures/match-pastes.txt), errata match: rank 1 \(format(Double(first) / Double(max(1, pastes.count)))) / top 3 \(format(Double(top3) / Double(max(1, pastes.count))))")

    // Their ids name seeds and canons: searched over both.
    let both = try seedsDatabase("seeds-and-canons.db", withCanons: true)
    let typed = FixtureSets.typedQueries(String(decoding: try FileSystem.readAll(packageRoot + "/Tests/Fixtures/typed-queries.txt"), as: UTF8.self))
    first = 0
    top3 = 0
    for q in typed {
        let ids = try Searcher(db: both).search(q.query, limit: 3).hits.map(\.id)
        if let head = ids.first, q.expected.contains(head) { first += 1 }
        if ids.contains(where: q.expected.contains) { top3 += 1 } else if showMisses { say("typed miss: \(q.query) -> \(ids)") }
    }
    say("own typed queries (\(typed.count), Tests/Fixtures/typed-queries.txt), errata search: rank 1 \(format(Double(first) / Double(max(1, typed.count)))) / top 3 \(format(Double(top3) / Double(max(1, typed.count))))")
} catch {
    fail("own sets: \(error)")
}

if let scores = scenarioScores(RankingModel.logs, showMisses: showMisses) {
    say("public scenarios (\(scores.count)), errata match: top-1 domain \(format(scores.top1)), MRR \(format(scores.mrr))")
} else {
    say("public scenarios: \(shared)/bench/deadends-scenarios.json is missing or unreadable")
}

/// Top-1 domain of the scenarios, and the messages missed.
func scenarioSummary(_ scores: (count: Int, top1: Double, mrr: Double, misses: [String])) -> String {
    format(scores.top1) + (scores.misses.isEmpty ? "" : " (missed: " + scores.misses.joined(separator: "; ") + ")")
}

/// deadends.dev's 20 public scenarios through match with a logs model: is
/// the top hit in the expected domain? Nil when the file is missing.
@MainActor func scenarioScores(_ model: RankingModel, showMisses: Bool = false) -> (count: Int, top1: Double, mrr: Double, misses: [String])? {
    guard let bytes = try? FileSystem.readAll(shared + "/bench/deadends-scenarios.json"),
          case .array(let items)? = try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)) else { return nil }
    let matcher = Matcher(db: db)
    matcher.model = model
    var top1 = 0.0
    var reciprocal = 0.0
    var misses: [String] = []
    for item in items {
        let message = item["error_message"]?.stringValue ?? ""
        let expected = item["expected_domain"]?.stringValue ?? ""
        let domains = (try? matcher.match(text: message, limit: 5).hits.map(\.domain)) ?? []
        if let rank = domains.firstIndex(of: expected) {
            reciprocal += 1 / Double(rank + 1)
            if rank == 0 { top1 += 1 }
        }
        if domains.first != expected {
            misses.append(message)
            if showMisses { say("scenario miss: \(message) -> \(domains)") }
        }
    }
    let n = Double(max(1, items.count))
    return (items.count, top1 / n, reciprocal / n, misses)
}
