import ErrataKit

/// What the synthetic records imitate: the words, text lengths and list
/// sizes of real records (the deadends.dev corpus when it is there, the
/// built-in seeds otherwise).
struct CorpusShape {
    /// Words of signatures and words of the other texts, kept apart: a
    /// signature says what an error prints ("ECONNREFUSED", "permission
    /// denied"), the prose around it is full of function words.
    var signatureWords: [String] = []
    var words: [String] = []
    var domains: [String] = []
    var signatureLengths: [Int] = []    // in words
    var textLengths: [Int] = []         // root cause / why / how, in words
    var deadEndCounts: [Int] = []
    var workaroundCounts: [Int] = []
    var versionCounts: [Int] = []
    var products: [String] = []

    init(documents: [JSONValue]) {
        let decoder = RecordDecoder(checkRegex: false)
        for doc in documents {
            guard let record = try? decoder.decode(doc) else { continue }
            let signature = record.text("signature") ?? ""
            let sigWords = signature.split(separator: " ")
            signatureLengths.append(sigWords.count)
            signatureWords += sigWords.map(String.init)
            domains.append(record.text("domain") ?? "misc")
            for text in [record.text("root_cause")] + record.deadEnds.map({ $0.values["why_fails"]?.stringValue }) + record.workarounds.map({ $0.values["action"]?.stringValue }) {
                guard let text else { continue }
                let w = text.split(separator: " ")
                textLengths.append(w.count)
                words += w.map(String.init)
            }
            deadEndCounts.append(record.deadEnds.count)
            workaroundCounts.append(record.workarounds.count)
            versionCounts.append(max(1, record.versions.count))
            for v in record.versions {
                if let p = v.values["product"]?.stringValue ?? v.values["version"]?.stringValue.flatMap({ VersionText($0).product }) {
                    products.append(p)
                }
            }
        }
        if products.isEmpty { products = ["nginx"] }
    }
}

/// Deterministic synthetic seed records, written as NDJSON.
struct SyntheticCorpus {
    let shape: CorpusShape
    var rng: SplitMix64

    init(shape: CorpusShape, seed: UInt64 = 20261129) {
        self.shape = shape
        self.rng = SplitMix64(state: seed)
    }

    mutating func pick<T>(_ array: [T]) -> T { array[Int.random(in: 0..<array.count, using: &rng)] }

    mutating func sentence(_ count: Int, from vocabulary: [String]? = nil) -> String {
        let words = vocabulary ?? shape.words
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<max(1, count) { out.append(pick(words)) }
        return out.joined(separator: " ")
    }

    mutating func version() -> String {
        "\(Int.random(in: 1...30, using: &rng)).\(Int.random(in: 0...40, using: &rng)).\(Int.random(in: 0...12, using: &rng))"
    }

    /// Record number `n` as one NDJSON line.
    mutating func record(_ n: Int, total: Int) -> String {
        let domain = pick(shape.domains).lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
        let id = "\(domain.isEmpty ? "misc" : domain)/synthetic-\(n)"
        let signature = sentence(pick(shape.signatureLengths), from: shape.signatureWords) + " E\(n % 10_000)"
        var object = JSONObject()
        object.append("id", .string(id))
        object.append("signature", .string(signature))
        object.append("signature_zh", .null)
        object.append("regex", .string("E\(n % 10_000)\\b"))
        object.append("domain", .string(domain.isEmpty ? "misc" : domain))
        object.append("category", .string(pick(["config_error", "runtime_error", "network_error", "auth_error", "build_error"])))
        object.append("root_cause", .string(sentence(pick(shape.textLengths))))
        let product = pick(shape.products).lowercased()
        object.append("versions", .array((0..<pick(shape.versionCounts)).map { _ in
            .object(JSONObject([.init("version", .string(product + " " + version())), .init("status", .string("active"))]))
        }))
        object.append("dead_ends", .array((0..<pick(shape.deadEndCounts)).map { _ in
            .object(JSONObject([.init("action", .string(sentence(12))), .init("why_fails", .string(sentence(pick(shape.textLengths)))),
                                .init("fail_rate", .number(JSONNumber(Double(Int.random(in: 40...99, using: &rng)) / 100))), .init("sources", .array([]))]))
        }))
        object.append("workarounds", .array((0..<pick(shape.workaroundCounts)).map { _ in
            .object(JSONObject([.init("action", .string(sentence(pick(shape.textLengths)))), .init("success_rate", .number(JSONNumber(Double(Int.random(in: 50...99, using: &rng)) / 100))),
                                .init("how", .string(sentence(15))), .init("sources", .array([]))]))
        }))
        let links = Int.random(in: 0...2, using: &rng)
        object.append("transition_graph", .object(JSONObject([
            .init("leads_to", .array((0..<links).map { _ in .string("\(domain.isEmpty ? "misc" : domain)/synthetic-\(Int.random(in: 0..<total, using: &rng))") })),
            .init("preceded_by", .array([])), .init("frequently_confused_with", .array([])),
        ])))
        object.append("verification_tier", .string("ai_generated"))
        object.append("confidence", .number(JSONNumber(Double(Int.random(in: 50...99, using: &rng)) / 100)))
        object.append("tags", .array([.string(domain), .string(pick(shape.words).lowercased())]))
        return JSONWriter.compact(.object(object))
    }
}
