import ErrataKit

/// One line of `../shared/bench/dev-queries.jsonl`: a query written by hand
/// for a record of the corpus, in one of five folds.
struct DevQuery {
    /// `line` is not in the file: a log's most telling line alone (what a
    /// person pastes who pastes one line), same target and fold.
    enum Kind: String { case log, keywords, line }
    /// `domain/slug`: any environment of that error counts as right.
    var target: String
    var fold: Int
    var kind: Kind
    var query: String

    static func load(_ path: String) throws -> [DevQuery] {
        let text = String(decoding: try FileSystem.readAll(path), as: UTF8.self)
        var out: [DevQuery] = []
        for (n, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
            let value = try JSONParser.parse(String(line))
            guard let target = value["target"]?.stringValue, case .number(let foldNumber)? = value["fold"], let fold = foldNumber.int64Value.map(Int.init), (0..<5).contains(fold),
                  let kind = value["kind"]?.stringValue.flatMap(Kind.init), let query = value["query"]?.stringValue else {
                throw HarnessError("\(path):\(n + 1): expected target, fold, kind and query")
            }
            out.append(DevQuery(target: target, fold: fold, kind: kind, query: query))
        }
        return out
    }

    /// Each log's most telling line (the first that `errata match` weighs)
    /// as a query of its own.
    static func lines(of queries: [DevQuery]) -> [DevQuery] {
        queries.filter { $0.kind == .log }.compactMap { q in
            var collector = ErrorLineCollector()
            collector.add(lines: q.query)
            return collector.lines.first.map { DevQuery(target: q.target, fold: q.fold, kind: .line, query: $0.text) }
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Rank 1 and top 3 shares, per fold and over all.
struct FoldScores {
    var hits1 = [Int](repeating: 0, count: 5)
    var hits3 = [Int](repeating: 0, count: 5)
    var counts = [Int](repeating: 0, count: 5)

    /// `rank` is 1-based, nil when the target was not listed.
    mutating func add(fold: Int, rank: Int?) {
        counts[fold] += 1
        if let rank, rank <= 1 { hits1[fold] += 1 }
        if let rank, rank <= 3 { hits3[fold] += 1 }
    }

    var rank1: Double { Double(hits1.reduce(0, +)) / Double(max(1, counts.reduce(0, +))) }
    var top3: Double { Double(hits3.reduce(0, +)) / Double(max(1, counts.reduce(0, +))) }

    func line(_ label: String) -> String {
        let folds = (0..<5).map { f in
            counts[f] == 0 ? "-" : format(Double(hits1[f]) / Double(counts[f]))
        }.joined(separator: " ")
        return "\(label): rank 1 \(format(rank1)) / top 3 \(format(top3))  (n=\(counts.reduce(0, +)); rank 1 by fold: \(folds))"
    }
}

func format(_ x: Double) -> String {
    let scaled = Int((x * 1000).rounded())
    let digits = String(scaled % 1000)
    return "\(scaled / 1000)." + String(repeating: "0", count: 3 - digits.count) + digits
}
