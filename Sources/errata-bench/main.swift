// errata-bench: the performance figures of DESIGN.md, measured side by side.
//
//   swift build -c release --static-swift-stdlib && .build/release/errata-bench
//
// Options: --records N (synthetic corpus size, default 1000000), --runs N
// (repeats for whole-process timings, default 20), --work DIR (default
// /tmp/errata-bench), --peers DIR (where `deadends` and `sqlite-utils` are,
// default /tmp/peers/bin; see ../shared/bench/README.md), --skip-scale,
// --skip-corpus, --reuse (keep the synthetic database of an earlier run
// with the same --records: only the in-process measurements run again),
// --slow (print each search slower than 8 ms, to see what costs), --only
// search|listing|match (one in-process measurement, for a profiler).
#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import ErrataKit

let arguments = BenchArguments()
let options = arguments.options
let flags = arguments.flags
let records = Int(options["records"] ?? "") ?? 1_000_000
func measures(_ name: String) -> Bool { options["only"].map { $0 == name } ?? true }
let runs = Int(options["runs"] ?? "") ?? 20
let work = options["work"] ?? "/tmp/errata-bench"
let peers = options["peers"] ?? "/tmp/peers/bin"
let binDir = FileSystem.directory(of: CommandLine.arguments[0])
let errata = options["errata"] ?? binDir + "/errata"
let packageRoot = FileSystem.directory(of: FileSystem.directory(of: FileSystem.directory(of: #filePath)))
let corpusDir = packageRoot + "/../shared/corpus/deadends/canons"


guard access(errata, X_OK) == 0 else { fail("\(errata) not found: build it first (swift build -c release --static-swift-stdlib)") }
try? FileSystem.makeDirectories(work)
var table: [(String, String, String)] = []  // (measure, errata, peer / target)

// MARK: shape of real records
var documents: [JSONValue] = []
let haveCorpus = FileSystem.isDirectory(corpusDir)
if haveCorpus {
    for file in (try? DirectoryWalk(corpusDir, extensions: [".json"], followLinks: false))?.files ?? [] {
        if let bytes = try? FileSystem.readAll(file), let doc = try? bytes.withUnsafeBufferPointer({ buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer) }) {
            documents.append(doc)
        }
    }
} else {
    say("note: \(corpusDir) is missing; synthetic records follow the built-in seeds and the corpus comparisons are skipped")
    for seed in Schema.builtinSeeds { if let doc = try? JSONParser.parse(seed.text) { documents.append(doc) } }
}
let shape = CorpusShape(documents: documents)
var cpu = "unknown CPU"
if let lines = try? FileSystem.readAll("/proc/cpuinfo") {
    let text = String(decoding: lines, as: UTF8.self)
    if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }), let colon = line.firstIndex(of: ":") {
        cpu = line[line.index(after: colon)...].trimmingCharacters()
    }
}
say("errata-bench: \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores, \(cpu)")

// MARK: scale: synthetic corpus, import, in-process search and match
if !flags.contains("skip-scale") {
    let ndjson = work + "/synthetic.ndjson"
    let db = work + "/synthetic.db"
    let reuse = flags.contains("reuse") && FileSystem.exists(db)
        && (try? Database(path: db).scalarInteger("SELECT count(*) FROM records")).flatMap { $0 } == Int64(records)
    if reuse {
        say("reusing \(db) (\(records) records) from an earlier run: import figures are not measured again")
    } else {
        var corpus = SyntheticCorpus(shape: shape)
        let t0 = Measure.now()
        guard let file = fopen(ndjson, "w") else { fail("cannot write \(ndjson)") }
        for n in 0..<records {
            var line = corpus.record(n, total: records)
            line += "\n"
            fputs(line, file)
        }
        fclose(file)
        let ndjsonMiB = Measure.fileSize(ndjson) / 1048576
        say("synthetic corpus: \(records) records, \(Measure.format(ndjsonMiB, 1)) MiB NDJSON, written in \(Measure.format(Measure.now() - t0, 1)) s")
        for suffix in ["", "-wal", "-shm"] { unlink(db + suffix) }
        let imported = Measure.run([errata, "--db", db, "import", ndjson], measureRSS: true)
        guard imported.status == 0 else { fail("import failed with status \(imported.status)") }
        let rate = Double(records) / imported.seconds
        let dbMiB = (Measure.fileSize(db) + Measure.fileSize(db + "-wal")) / 1048576
        say("import (whole process): \(Measure.format(imported.seconds, 1)) s, \(Int(rate)) records/s, peak RSS \(Measure.format(imported.peakRSSMiB, 1)) MiB")
        say("database: \(Measure.format(dbMiB, 1)) MiB (\(Measure.format(dbMiB / ndjsonMiB, 2))x the NDJSON)")
        table.append(("import \(records) records", "\(Int(rate)) records/s", ">= 10000 records/s"))
        table.append(("import peak RSS", "\(Measure.format(imported.peakRSSMiB, 1)) MiB", "< 300 MiB"))
        table.append(("database size / NDJSON size", "\(Measure.format(dbMiB, 0)) / \(Measure.format(ndjsonMiB, 0)) MiB", "reported"))
    }

    // In-process search: a fixed mix of one- to three-word queries.
    do {
        // Opened as `errata search` and the server's queries open it: for reading.
        let database = try ErrataDatabase.open(DatabaseLocation.resolve(explicit: db, environment: [:]), access: .read)
        let searcher = Searcher(db: database)
        var rng = SplitMix64(state: 7)
        var times: [Double] = []
        var listing: [Double] = []
        var windowed = 0
        // Queries as people type them: two to four consecutive words of a
        // record's signature (some with its code), the way an error is
        // half-remembered or partly pasted.
        let signatureOf = try database.prepare("SELECT signature FROM records WHERE rid = ?")
        for i in 0..<300 {
            let rid = Int64.random(in: 1...Int64(records), using: &rng)
            let words = try signatureOf.map([.integer(rid)]) { $0.text(0) ?? "" }.first?.split(separator: " ") ?? []
            let count = min(words.count, 2 + i % 3)
            let start = words.count > count ? Int.random(in: 0...(words.count - count), using: &rng) : 0
            let query = words[start..<(start + count)].joined(separator: " ")
            if measures("search") {
                let t = Measure.now()
                if try searcher.search(query, limit: 10).windowed { windowed += 1 }
                times.append(Measure.now() - t)
                if flags.contains("slow"), times.last! > 0.008 { say("slow \(Measure.ms(times.last!)): \(query)") }
            }
            if i % 3 == 0 {
                let product = shape.products[Int.random(in: 0..<shape.products.count, using: &rng)].lowercased()
                let spec = try VersionSpec("\(product) >=\(Int.random(in: 1...30, using: &rng))")
                if measures("listing") {
                    let t2 = Measure.now()
                    _ = try searcher.search(nil, filters: SearchFilters(version: spec), limit: 10)
                    listing.append(Measure.now() - t2)
                }
            }
        }
        say("searches that matched more than \(searcher.rankingWindow) records and ranked the newest \(searcher.rankingWindow): \(windowed) of \(times.count)")
        say("search (in-process, \(times.count) queries): median \(Measure.ms(Measure.median(times))), p90 \(Measure.ms(Measure.percentile(times, 0.9))), p99 \(Measure.ms(Measure.percentile(times, 0.99)))")
        say("version-filtered listing (in-process, \(listing.count)): median \(Measure.ms(Measure.median(listing))), p99 \(Measure.ms(Measure.percentile(listing, 0.99)))")
        table.append(("search median (p99), in-process", "\(Measure.ms(Measure.median(times))) (\(Measure.ms(Measure.percentile(times, 0.99))))", "median < 20 ms"))
        table.append(("version listing median (p99), in-process", "\(Measure.ms(Measure.median(listing))) (\(Measure.ms(Measure.percentile(listing, 0.99))))", "reported"))

        if measures("search") {
            // Typed queries that no record has every word of: three words of a
            // record's signature and one no record has. More records than the
            // window have one of them; those with the most are ranked.
            var relaxedRNG = SplitMix64(state: 11)
            var relaxedTimes: [Double] = []
            var first = 0
            var top10 = 0
            while relaxedTimes.count < 50 {
                let rid = Int64.random(in: 1...Int64(records), using: &relaxedRNG)
                let words = (try signatureOf.map([.integer(rid)]) { $0.text(0) ?? "" }.first ?? "")
                    .split(separator: " ").filter { $0.count > 3 && $0.allSatisfy(\.isLetter) }
                guard words.count >= 3 else { continue }
                let start = Int.random(in: 0...(words.count - 3), using: &relaxedRNG)
                let query = words[start..<(start + 3)].joined(separator: " ") + " zzqxv\(relaxedTimes.count)"
                let t = Measure.now()
                let ids = try searcher.search(query, limit: 10).hits.map(\.rid)
                relaxedTimes.append(Measure.now() - t)
                if ids.first == rid { first += 1 }
                if ids.contains(rid) { top10 += 1 }
            }
            say("search with a word no record has (in-process, 50 queries: three words of a record's signature and one more): median \(Measure.ms(Measure.median(relaxedTimes))), p99 \(Measure.ms(Measure.percentile(relaxedTimes, 0.99))); the record first in \(first), in the top 10 in \(top10)")
            table.append(("search, no record has every word: median (p99), record first / top 10", "\(Measure.ms(Measure.median(relaxedTimes))) (\(Measure.ms(Measure.percentile(relaxedTimes, 0.99)))), \(first) / \(top10) of 50", "reported"))
        }

        let matcher = Matcher(db: database)
        var matchTimes: [Double] = []
        var matchFound = 0
        let probe = try database.prepare("SELECT signature FROM records WHERE rid = ?")
        for _ in 0..<50 {
            let rid = Int64.random(in: 1...Int64(records), using: &rng)
            let signature = try probe.map([.integer(rid)]) { $0.text(0) ?? "" }.first ?? ""
            guard measures("match") else { continue }
            let t = Measure.now()
            let result = try matcher.match(text: "2026-11-29T10:00:00Z worker-3 ERROR \(signature) (pid 4242)\nretrying in 5s\n")
            matchTimes.append(Measure.now() - t)
            // Records with the same signature are as right as the one it came from.
            if let top = result.hits.first, top.rid == rid || top.signature == signature { matchFound += 1 }
        }
        say("match (in-process, 50 pasted lines): median \(Measure.ms(Measure.median(matchTimes))), p99 \(Measure.ms(Measure.percentile(matchTimes, 0.99))); the pasted record first in \(matchFound) of \(matchTimes.count)")
        table.append(("match median (p99), in-process", "\(Measure.ms(Measure.median(matchTimes))) (\(Measure.ms(Measure.percentile(matchTimes, 0.99))))", "median < 20 ms"))
    } catch {
        fail("in-process measurements: \(error)")
    }
}

// MARK: the real corpus, whole process, side by side with the peers
if haveCorpus && !flags.contains("skip-corpus") {
    let db = work + "/corpus.db"
    var importTimes: [Double] = []
    for _ in 0..<max(3, runs / 4) {
        for suffix in ["", "-wal", "-shm"] { unlink(db + suffix) }
        importTimes.append(Measure.run([errata, "--db", db, "import", corpusDir]).seconds)
    }
    let errataImport = Measure.median(importTimes)
    var peerImport = Double.nan
    let sqliteUtils = peers + "/sqlite-utils"
    if access(sqliteUtils, X_OK) == 0 {
        // The same records flattened into one row each (nested values as JSON text).
        let flat = work + "/flat.ndjson"
        if let out = fopen(flat, "w") {
            for doc in documents {
                var row = JSONObject()
                func add(_ value: JSONValue, _ prefix: String) {
                    guard case .object(let o) = value else { return }
                    for m in o.members {
                        if case .object = m.value { add(m.value, prefix + m.key + "_") } else if case .array = m.value {
                            row.append(prefix + m.key, .string(JSONWriter.compact(m.value)))
                        } else { row.append(prefix + m.key, m.value) }
                    }
                }
                add(doc, "")
                fputs(JSONWriter.compact(.object(row)) + "\n", out)
            }
            fclose(out)
        }
        var times: [Double] = []
        for _ in 0..<max(3, runs / 4) {
            let peerDB = work + "/su.db"
            unlink(peerDB)
            let insert = Measure.run([sqliteUtils, "insert", peerDB, "records", flat, "--nl", "--pk", "id", "--alter"])
            let fts = Measure.run([sqliteUtils, "enable-fts", peerDB, "records", "error_signature", "verdict_summary", "--fts5"])
            times.append(insert.seconds + fts.seconds)
        }
        peerImport = Measure.median(times)
    }
    say("corpus import (2522 canons, whole process, median): errata \(Measure.ms(errataImport)), sqlite-utils insert + enable-fts \(Measure.ms(peerImport))")
    table.append(("import 2,522 canons (whole process)", Measure.ms(errataImport), "sqlite-utils insert + enable-fts: \(Measure.ms(peerImport))"))

    func medianRun(_ argv: [String], stdin: String? = nil, count: Int = runs) -> Double {
        _ = Measure.run(argv, stdinPath: stdin)  // warm the page cache
        return Measure.median((0..<count).map { _ in Measure.run(argv, stdinPath: stdin).seconds })
    }
    var ratios: [Double] = []
    var errataTimes: [Double] = []
    var sqliteTimes: [Double] = []
    for query in ["certificate verify", "connection refused", "out of memory", "permission denied", "module not found"] {
        let e = medianRun([errata, "--db", db, "search", query, "--limit", "5"])
        let s = medianRun(["sqlite3", db, "select rowid from records_fts where records_fts match '\(query)' order by rank limit 5"])
        errataTimes.append(e)
        sqliteTimes.append(s)
        ratios.append(e / s)
    }
    say("search (whole process, median over 5 queries x \(runs)): errata \(Measure.ms(Measure.median(errataTimes))), sqlite3 CLI \(Measure.ms(Measure.median(sqliteTimes))), ratio \(Measure.format(Measure.median(ratios), 2))x")
    table.append(("search, whole process", Measure.ms(Measure.median(errataTimes)), "sqlite3 CLI: \(Measure.ms(Measure.median(sqliteTimes))) (\(Measure.format(Measure.median(ratios), 2))x; target <= 3x)"))

    let deadends = peers + "/deadends"
    let pasted = work + "/pasted.txt"
    if let f = fopen(pasted, "w") { fputs("ModuleNotFoundError: No module named 'torch'\n", f); fclose(f) }
    if access(deadends, X_OK) == 0 {
        let d = medianRun([deadends, "ModuleNotFoundError: No module named 'torch'"], count: max(3, runs / 4))
        let es = medianRun([errata, "--db", db, "search", "ModuleNotFoundError: No module named 'torch'", "--limit", "5"])
        let em = medianRun([errata, "--db", db, "match"], stdin: pasted)
        say("lookup of one error (whole process, median): deadends \(Measure.ms(d)), errata search \(Measure.ms(es)) (\(Measure.format(d / es, 0))x faster), errata match \(Measure.ms(em)) (\(Measure.format(d / em, 0))x faster)")
        table.append(("one error, whole process: search / match", "\(Measure.ms(es)) / \(Measure.ms(em))", "deadends CLI: \(Measure.ms(d)) (\(Measure.format(d / es, 0))x / \(Measure.format(d / em, 0))x; target >= 40x)"))
    } else {
        say("note: \(deadends) not found; install the peers as ../shared/bench/README.md says to compare")
    }

    // match over a 100 MB log: throughput and memory.
    let log = work + "/big.log"
    if let f = fopen(log, "w") {
        var rng = SplitMix64(state: 99)
        var written = 0
        var n = 0
        while written < 100 << 20 {
            n += 1
            let line: String
            if n % 5000 == 0 {
                line = "2026/11/28 21:14:03 [error] 2231#2231: *\(n) connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.7\n"
            } else {
                line = "2026-11-28T21:14:\(n % 60)Z INFO request id=\(rng.next() % 1_000_000) path=/api/v1/items/\(n % 977) status=200 duration_ms=\(rng.next() % 300)\n"
            }
            fputs(line, f)
            written += line.utf8.count
        }
        fclose(f)
    }
    let big = Measure.run([errata, "--db", db, "match", log], measureRSS: true)
    let mb = Measure.fileSize(log) / 1_000_000
    say("match over a \(Measure.format(mb, 0)) MB log (whole process): \(Measure.format(big.seconds, 2)) s, \(Measure.format(mb / big.seconds, 1)) MB/s, peak RSS \(Measure.format(big.peakRSSMiB, 1)) MiB")
    table.append(("match over a 100 MB log", "\(Measure.format(mb / big.seconds, 1)) MB/s, peak RSS \(Measure.format(big.peakRSSMiB, 1)) MiB", "reported"))
}

say("\n| measure | errata | peer or target |\n| --- | --- | --- |")
for (a, b, c) in table { say("| \(a) | \(b) | \(c) |") }

extension Substring {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
